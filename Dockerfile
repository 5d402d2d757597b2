# One image for the API and the worker; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY tsconfig.json ./
COPY domain domain
COPY workflows workflows
COPY activities activities
COPY db db
COPY api api
COPY worker worker
COPY scripts/provision scripts/provision
USER node
ENV NODE_ENV=production
CMD ["npx", "tsx", "api/main.ts"]
