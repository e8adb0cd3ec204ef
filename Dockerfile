# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
# Node 24, the LTS line the image is tested on (.ci/run runs the suite on Node 24 too).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
RUN npm run build

# Run: production dependencies and the compiled output only, as an unprivileged user. No sources
# and no tsx: bin/commitline.js runs dist/.
FROM node:24-slim AS run
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The sandbox validates GraphQL against Linear's schema, read next to its compiled module.
COPY src/sandbox/linear-schema.graphql ./dist/src/sandbox/linear-schema.graphql
COPY bin ./bin
COPY config/team.example.yaml ./config/team.example.yaml
USER node
# The webhooks (PORT), a worker's health (WORKER_PORT = PORT + 1), readiness and metrics (OPS_PORT = PORT + 2).
EXPOSE 3000 3001 3002
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["node", "bin/healthcheck.js"]
STOPSIGNAL SIGTERM
# node itself is PID 1's command: SIGTERM reaches commitline, which finishes its jobs and exits.
ENTRYPOINT ["node", "bin/commitline.js"]
CMD ["serve"]
