/**
 * The identity the pipeline signs with, from the settings: the archive's PKCS#12 file, or, outside
 * production, a development certificate (generated once and kept under DATA_DIR so that every
 * process of a deployment signs with the same one; kept in memory for a CLI run).
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, StageError } from '../core/errors.js';
import type { StageConfig } from './config.js';
import {
  createDevelopmentP12,
  loadSigningIdentity,
  type SigningIdentity,
} from './stages/pdfa/signing-identity.js';

/** Password of generated development certificates: they protect nothing. */
const DEV_PASSWORD = 'sohoa-dev';

/**
 * Loads the signing identity. `devP12Path`: where a development certificate is kept (created on
 * first use, shared by the processes that name the same path); null keeps it in memory.
 * Throws ConfigError in production without SIGNING_P12, StageError
 * `sign.p12_missing` when the file is not there, `sign.p12_unreadable` when it cannot be read.
 */
export async function loadSigner(
  cfg: StageConfig['signing'],
  devP12Path: string | null,
): Promise<SigningIdentity> {
  const organization = cfg.organization ?? undefined;
  if (cfg.p12Path !== null) {
    let bytes: Buffer;
    try {
      bytes = await readFile(cfg.p12Path);
    } catch (cause) {
      throw new StageError('sign.p12_missing', {
        message: `Không đọc được tệp chứng thư số ${cfg.p12Path} / Cannot read the signing certificate file ${cfg.p12Path}`,
        hint: 'Kiểm tra SIGNING_P12 / Check SIGNING_P12',
        retryable: false,
        cause,
      });
    }
    return loadSigningIdentity(bytes, cfg.password, {
      label: cfg.p12Path,
      ...(organization !== undefined ? { organization } : {}),
    });
  }
  if (!cfg.allowDevelopmentCertificate) {
    throw new ConfigError(
      'Chưa cấu hình chứng thư số của cơ quan (SIGNING_P12); môi trường production không ký bằng chứng thư thử nghiệm / ' +
        "The organization's signing certificate is not configured (SIGNING_P12); production does not sign with a development certificate",
    );
  }
  const name = organization ?? cfg.fallbackOrganization;
  const p12 =
    devP12Path === null
      ? createDevelopmentP12(name, DEV_PASSWORD)
      : await sharedDevelopmentP12(devP12Path, name);
  return loadSigningIdentity(p12, DEV_PASSWORD, { organization: name, label: 'development' });
}

/** The development .p12 at `path`, created by whichever process gets there first. */
async function sharedDevelopmentP12(path: string, organization: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, createDevelopmentP12(organization, DEV_PASSWORD), { mode: 0o600 });
  try {
    // link() never replaces: a process that lost the race reads the winner's file.
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { force: true });
  }
  return readFile(path);
}
