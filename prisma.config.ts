// Prisma CLI settings. Only `prisma generate` runs here (see scripts/prisma-generate.mjs);
// migrations are applied by scripts/db-deploy.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
