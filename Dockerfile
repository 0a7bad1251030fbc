# One image for the api, the worker and the migration step (docker-compose.yml picks the command).
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    DATA_DIR=/data \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app

COPY package.json package-lock.json ./
COPY scripts/prisma-generate.mjs scripts/prisma-schema-engine-stub.sh ./scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
# Development tools stay in: the review UI is built here with Vite, and the services run their
# TypeScript through tsx (a runtime dependency).
# npm install, not npm ci: the lock has no entries for the darwin/win32 builds of msgpackr-extract
# (the registry we lock against lacks them), which npm ci reports as "out of sync". The cmp fails
# the build if installing would change the lock.
RUN cp package-lock.json /tmp/lock.json && npm install --no-audit --no-fund \
    && cmp package-lock.json /tmp/lock.json

COPY . .
RUN node node_modules/vite/bin/vite.js build --config review-ui/vite.config.ts --logLevel warn \
    && mkdir -p /data && chown -R node:node /data

USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/main.ts"]
