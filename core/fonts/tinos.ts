/**
 * Tinos, metric-compatible with Times New Roman and covering Vietnamese, from its npm package
 * (`@expo-google-fonts/tinos`): the font of the signature block (pipeline) and of the reports
 * (api). Read once per process and weight; nothing is fetched at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type TinosWeight = 'regular' | 'bold' | 'italic';

const FILES: Record<TinosWeight, string> = {
  regular: '400Regular/Tinos_400Regular.ttf',
  bold: '700Bold/Tinos_700Bold.ttf',
  italic: '400Regular_Italic/Tinos_400Regular_Italic.ttf',
};

const cache = new Map<TinosWeight, Buffer>();

/** The TrueType bytes of Tinos in `weight` (regular by default), or its italic. */
export function tinos(weight: TinosWeight = 'regular'): Buffer {
  let bytes = cache.get(weight);
  if (bytes === undefined) {
    const dir = createRequire(import.meta.url)
      .resolve('@expo-google-fonts/tinos/package.json')
      .replace(/package\.json$/, '');
    bytes = readFileSync(`${dir}${FILES[weight]}`);
    cache.set(weight, bytes);
  }
  return bytes;
}
