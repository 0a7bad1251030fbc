/** The texts `npm run bench` prints: its usage, and the method above every report. */

/** Printed for `--help` and with argument errors. */
export const USAGE = `Cách dùng / Usage:
  npm run bench -- [CORPUS_DIR] [--set vn|real|all] [--limit N] [--no-ocrmypdf] [--jobs N] [--out DIR]
                   [--reuse-ours DIR] [--reuse-ocrmypdf DIR]

  CORPUS_DIR         thư mục có manifest.json / folder holding manifest.json (default ../shared/corpus)
  --set              all (mặc định / default), vn, real
  --limit N          chỉ N trang đầu / only the first N pages
  --no-ocrmypdf      không chạy OCRmyPDF / do not run OCRmyPDF
  --jobs N           số trang song song / pages at once: OCRmyPDF -j (default: CPU cores), và
                     sohoa --jobs khi được chỉ định / and sohoa --jobs when given
  --out DIR          thư mục kết quả / output folder (default bench-out/<time>)
  --reuse-ours DIR   chấm result.json có sẵn (DIR hoặc DIR/sohoa) thay vì chạy CLI / score an
                     existing result.json (in DIR or DIR/sohoa) instead of running the CLI (no speed or
                     memory figures then)
  --reuse-ocrmypdf DIR  dùng lại lần chạy OCRmyPDF của một bench trước (DIR hoặc DIR/ocrmypdf chứa
                     runs.json) / reuse OCRmyPDF's run from an earlier bench (DIR or DIR/ocrmypdf
                     holding runs.json), with its timings
`;

/**
 * How the figures were made, printed above the table so that a report read later carries its
 * method: above all how OCRmyPDF's deskew angle is obtained, since OCRmyPDF does not report it.
 */
export const METHOD = `Phương pháp / Method
- Mặc định chạy cả hai bộ vn và real / by default both sets run, vn and real; trang real có GT được chấm riêng
  nhóm "thật / real" / real pages with GT are scored as their own group.
- sohoa: \`node --import tsx pipeline/cli/main.ts process --out DIR FILES...\`, một tiến trình cho mọi tệp /
  one process over all files; RSS đỉnh cả cây = max(Σ VmRSS của cây tiến trình, VmHWM lớn nhất), đọc /proc mỗi
  100 ms / whole-tree peak RSS = max(Σ VmRSS of the process tree, largest VmHWM), polled from /proc every 100 ms;
  RSS đỉnh 1 tiến trình = VmHWM lớn nhất của một tiến trình trong cây / largest-process peak = the highest VmHWM of
  one process of the tree. Các worker OCR của sohoa là luồng (worker_threads) của một tiến trình nên /proc không
  tách được bộ nhớ từng worker: con số 1 tiến trình là của cả N worker cộng lại / sohoa's OCR workers are threads
  of one process, so /proc cannot split memory per worker: its largest-process figure holds all N workers.
  OCRmyPDF: tiến trình lớn nhất là ocrmypdf, tesseract hoặc gs / its largest process is ocrmypdf, tesseract or gs.
- Bộ nhớ mỗi worker / memory per worker: sohoa chạy thêm một lần \`--jobs 1\` (một worker OCR) trên 6 tệp lớn nhất
  của lượt chọn, lấy RSS đỉnh cả cây / sohoa runs once more with \`--jobs 1\` (one OCR worker) over the 6 largest
  files of the selection and takes its whole-tree peak; OCRmyPDF: tiến trình lớn nhất / its largest process.
- Tốc độ / speed: trang/phút = trang đã xuất ÷ thời gian thực trên máy này, cùng lần chạy / pages output ÷ wall
  time on this machine, in the same run; tỉ lệ / ratio = sohoa ÷ OCRmyPDF. Tải máy in ở cuối bảng / the load
  average is printed at the end of the table: việc khác trên máy làm chậm cả hai / other work slows both.
- OCRmyPDF: \`ocrmypdf -l vie+eng --deskew --rotate-pages --output-type pdfa-2 -j N [--image-dpi D]\`, từng tệp
  một / one file at a time (OCRmyPDF gives Tesseract N ÷ pages threads); --image-dpi = DPI thật trong manifest khi
  tệp không ghi hoặc ghi sai / the manifest's true DPI when the file has none or a wrong one (300 when unknown);
  PDF đã có chữ chạy lại với --force-ocr / PDFs with text are run again with --force-ocr; chữ theo trang /
  text per page: \`pdftotext -raw -f N -l N\` (thứ tự Tesseract đọc / Tesseract's reading order, như sohoa / as
  sohoa's); hướng trang từ nhật ký / orientation from its log ("page is facing").
- Góc nghiêng OCRmyPDF / OCRmyPDF's skew: nó không báo góc / it does not report it. Nó gọi / it calls
  \`tesseract IMAGE stdout --psm 2 -l vie+eng\` và xoay PIL theo "Deskew angle" (radian → độ) / and rotates with
  PIL by "Deskew angle" (radians → degrees) (ocrmypdf/_exec/tesseract.py get_deskew, _pipeline.py
  preprocess_deskew). Bench gọi đúng lệnh đó trên ảnh trang đã trả về chiều đứng theo manifest / the bench makes
  that call on each page image turned upright as recorded; skewDeg = −(góc / angle · 180/π) (kiểm tra / checked:
  vn_s_001_p4 skew +2.976° → Deskew angle −0.0518 rad). Không có dòng / no line → 0, như OCRmyPDF / as OCRmyPDF.
- CER = khoảng cách sửa ÷ ký tự GT sau NFC và gộp khoảng trắng (cộng dồn mọi trang) / edit distance ÷ GT code
  points after NFC and white-space folding (summed over pages); lỗi từ / word error = từ GT thiếu trong kết quả,
  đếm theo đa tập (không xét thứ tự) / GT words missing from the output as a multiset (order ignored).
  Không tính trang trắng và tờ phân tách / blank pages and separators are not scored. Lỗi từ gộp / pooled =
  Σ từ thiếu ÷ Σ từ GT / Σ missing ÷ Σ GT words; TB trang / page mean = trung bình tỉ lệ từng trang / mean of the
  per-page rates; p90 trang / page p90 = phân vị 90 hạng gần nhất của tỉ lệ từng trang / nearest-rank 90th
  percentile of the per-page rates. Ngưỡng vn (issue 3) / vn bar: gộp và TB trang ≤ 4 %, p90 ≤ 10 % / pooled and
  page mean ≤ 4 %, p90 ≤ 10 %.
- Hướng trang / orientation: sohoa result.json rotationDeg = vòng xoay của nội dung mà bộ dò thấy / the content's
  turn its detector found; tính 0 khi rotationConfidence < ORIENTATION_MIN_CONFIDENCE (trang không được xoay) /
  counted as 0 below ORIENTATION_MIN_CONFIDENCE (the page was not turned), as OCRmyPDF below its threshold.
- Lệch nghiêng, hướng trang, trang trắng, tờ phân tách: cả hai bộ rồi từng bộ [vn], [real] / deskew, orientation,
  blank and separator figures: both sets, then each set. Trang real không ghi góc/hướng không được tính / real
  pages without a recorded angle or turn are left out of those figures.
- p95 = hạng gần nhất / nearest rank. Trang hỏng tính là sai / a failed page counts against its system.`;
