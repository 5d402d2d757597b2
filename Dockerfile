# One image for the API and the worker; docker-compose.yml picks the command. The build stage
# compiles TypeScript and bundles the workflows once (npm run build), so a worker starts without
# webpack and every replica runs byte-identical workflow code.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY db db
COPY api api
COPY platform platform
COPY worker worker
COPY cluster cluster
COPY scripts scripts
RUN npm run build

FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist dist
USER node
ENV NODE_ENV=production WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
# Resident memory of a worker with 10 000 open complaints (npm run bench): glibc's default of
# 8 arenas per core for the Temporal core's threads kept 100+ MiB of freed memory resident, and
# V8's default young generation (16 MiB semi-spaces in each of the worker's two isolates) another 40.
ENV MALLOC_ARENA_MAX=2 NODE_OPTIONS=--max-semi-space-size=4
CMD ["node", "dist/api/main.js"]
