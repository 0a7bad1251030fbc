// Runs `prisma generate` without Prisma's native schema engine.
//
// The Prisma CLI downloads a native schema-engine binary from binaries.prisma.sh before any
// command, even `generate`, which needs only the WebAssembly engines shipped inside the npm
// package. Archive networks are often air-gapped and this project installs from the npm registry
// only, so the download can never be relied on. We point PRISMA_SCHEMA_ENGINE_BINARY at a stub
// that explains itself if anything ever calls it; migrations are applied by scripts/db-deploy.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const stub = fileURLToPath(new URL('./prisma-schema-engine-stub.sh', import.meta.url));
const prismaCli = fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url));
const r = spawnSync(process.execPath, [prismaCli, 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
process.exit(r.status ?? 1);
