/**
 * The errors of the decode stage, worded once so that the raster and the PDF decoders say the same
 * thing for the same problem. Messages are Vietnamese first, then English, and name the file, the
 * page (1-based, as people count) and the values involved.
 */
import { StageError } from '../../../core/errors.js';
import type { SourceFile } from '../../domain.js';

const FORMAT_NAME: Readonly<Record<SourceFile['format'], string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  tiff: 'TIFF',
  pdf: 'PDF',
};

const RESCAN_HINT = 'Sao chép hoặc quét lại tệp / Copy or scan the file again';

/** `decode.too_many_pixels`: the page's width × height (from its header) is over the limit. */
export function tooManyPixels(
  src: SourceFile,
  frameIndex: number,
  width: number,
  height: number,
  maxPixels: number,
): StageError {
  const px = width * height;
  const page = frameIndex + 1;
  return new StageError('decode.too_many_pixels', {
    message:
      `Trang ${page} của ${src.label} có ${width}×${height} = ${px} điểm ảnh, vượt giới hạn ${maxPixels} / ` +
      `Page ${page} of ${src.label} is ${width}×${height} = ${px} pixels, over the limit of ${maxPixels}`,
    hint:
      'Kiểm tra độ phân giải quét của tệp; nếu trang thật sự lớn như vậy, tăng DECODE_MAX_PIXELS / ' +
      'Check the scan resolution of the file; if the page really is that large, raise DECODE_MAX_PIXELS',
    retryable: false,
  });
}

/** `decode.truncated`: the data ends before the image does; the details name where. */
export function truncated(
  src: SourceFile,
  frameIndex: number,
  detailVi: string,
  detailEn: string,
  cause?: unknown,
): StageError {
  const f = FORMAT_NAME[src.format];
  const page = frameIndex + 1;
  return new StageError('decode.truncated', {
    message:
      `Tệp ${f} ${src.label} bị cắt cụt (trang ${page}): ${detailVi} / ` +
      `Truncated ${f} ${src.label} (page ${page}): ${detailEn}`,
    hint: RESCAN_HINT,
    retryable: false,
    cause,
  });
}

/** `decode.corrupt`: the data makes no sense to the decoder (`frameIndex` null: the whole file). */
export function corrupt(
  src: SourceFile,
  frameIndex: number | null,
  detailEn: string,
  cause?: unknown,
): StageError {
  const f = FORMAT_NAME[src.format];
  const where = frameIndex === null ? '' : ` (trang ${frameIndex + 1})`;
  const whereEn = frameIndex === null ? '' : ` (page ${frameIndex + 1})`;
  return new StageError('decode.corrupt', {
    message:
      `Tệp ${f} ${src.label} bị hỏng, không giải mã được${where} / ` +
      `Corrupt ${f} ${src.label}${whereEn}: ${detailEn}`,
    hint:
      'Mở tệp bằng phần mềm xem ảnh để kiểm tra, rồi sao chép hoặc quét lại / ' +
      'Open the file in a viewer to check it, then copy or scan it again',
    retryable: false,
    cause,
  });
}

/** `decode.unsupported_type`: the bytes are not the format the file was declared as. */
export function unsupportedType(src: SourceFile): StageError {
  const f = FORMAT_NAME[src.format];
  const head = src.bytes.subarray(0, 8).toString('hex');
  return new StageError('decode.unsupported_type', {
    message:
      `Tệp ${src.label} không phải ${f} như đã khai báo (8 byte đầu: ${head}) / ` +
      `File ${src.label} is not the ${f} it was declared as (first 8 bytes: ${head})`,
    hint:
      'Chỉ nhận JPEG, PNG, TIFF hoặc PDF; kiểm tra phần mềm quét / ' +
      'Only JPEG, PNG, TIFF or PDF are accepted; check the scanning software',
    retryable: false,
  });
}

/** `decode.frame_out_of_range`: the file has no such page. */
export function noSuchFrame(src: SourceFile, frameIndex: number, frameCount: number): StageError {
  return new StageError('decode.frame_out_of_range', {
    message:
      `${src.label} không có trang ${frameIndex + 1}: tệp có ${frameCount} trang / ` +
      `${src.label} has no page ${frameIndex + 1}: the file has ${frameCount}`,
    retryable: false,
  });
}

/** `decode.pdf_password`: the PDF needs a user password to open (`wrong`: one was tried). */
export function pdfPassword(src: SourceFile, wrong: boolean): StageError {
  return new StageError('decode.pdf_password', {
    message: wrong
      ? `Tệp PDF ${src.label} cần mật khẩu mở tệp; mật khẩu đã thử không đúng / ` +
        `PDF ${src.label} needs a password to open; the password tried is wrong`
      : `Tệp PDF ${src.label} được bảo vệ bằng mật khẩu mở tệp / PDF ${src.label} needs a password to open`,
    hint:
      'Xin nơi gửi bản không đặt mật khẩu, hoặc gỡ mật khẩu trước khi tải lên / ' +
      'Ask the sender for a copy without a password, or remove the password before uploading',
    retryable: false,
  });
}

/** The message of anything thrown, for the English half of a message. */
export function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}
