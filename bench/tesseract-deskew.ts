/**
 * The deskew angle OCRmyPDF would use on a page. OCRmyPDF does not report it: it asks Tesseract
 * (`get_deskew` in ocrmypdf/_exec/tesseract.py) and rotates with PIL by the answer
 * (`preprocess_deskew` in ocrmypdf/_pipeline.py). The bench makes the same call.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import type { PageTruth } from './corpus.js';
import { FALLBACK_IMAGE_DPI } from './ocrmypdf.js';

const run = promisify(execFile);

/**
 * The skew OCRmyPDF would correct, in the corpus convention (content turned counter-clockwise),
 * from what `tesseract IMAGE stdout --psm 2` prints (stdout and stderr together). Its "Deskew
 * angle" is in radians and OCRmyPDF rotates the page by that many degrees with PIL
 * (counter-clockwise for positive values), so the skew it believes in is the opposite. No line
 * means 0, as OCRmyPDF takes it.
 */
export function skewFromTesseract(output: string): number {
  const m = /^Deskew angle:\s*(-?[\d.]+)/m.exec(output);
  if (!m) return 0;
  const degrees = (Number(m[1]) * 180) / Math.PI;
  return degrees === 0 ? 0 : -degrees;
}

/**
 * Reproduces OCRmyPDF's deskew measurement on one page (ocrmypdf/_exec/tesseract.py `get_deskew`:
 * `tesseract IMAGE stdout --psm 2 -l vie+eng`): the page is rendered upright first (its recorded
 * quarter turn undone, PDF pages rasterised by pdftoppm at their DPI) so that orientation mistakes
 * do not count as skew. Returns null when Tesseract fails otherwise than OCRmyPDF tolerates.
 */
export async function measureDeskew(page: PageTruth, tmpDir: string): Promise<number | null> {
  await mkdir(tmpDir, { recursive: true });
  const dpi = page.dpi ?? FALLBACK_IMAGE_DPI;
  const stem = join(tmpDir, page.id.replace(/[^\w.-]/g, '_'));
  let source: Sharp;
  if (page.file.toLowerCase().endsWith('.pdf')) {
    const f = String(page.frame + 1);
    await run('pdftoppm', [
      '-r',
      String(dpi),
      '-f',
      f,
      '-l',
      f,
      '-png',
      '-singlefile',
      page.file,
      stem,
    ]);
    source = sharp(`${stem}.png`);
  } else {
    source = sharp(page.file, { page: page.frame });
  }
  const turn = page.rotationDeg ?? 0;
  // sharp turns clockwise; the content is turned `turn` clockwise, so turn it the rest of the way.
  if (turn % 360 !== 0) source = source.rotate(360 - (turn % 360));
  const upright = `${stem}.upright.png`;
  await source.withDensity(dpi).png({ compressionLevel: 1 }).toFile(upright);
  try {
    const { stdout, stderr } = await run(
      'tesseract',
      [upright, 'stdout', '--psm', '2', '-l', 'vie+eng'],
      { env: { ...process.env, OMP_THREAD_LIMIT: '1' } },
    );
    // Tesseract prints the layout facts on stderr; OCRmyPDF merges the two streams.
    return skewFromTesseract(`${stdout}\n${stderr}`);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    const said = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    // Same tolerance as OCRmyPDF: an empty page or a silent exit 1 is "no angle", i.e. 0.
    if (said.includes('Empty page!!') || (said.trim() === '' && e.code === 1)) return 0;
    return null;
  }
}
