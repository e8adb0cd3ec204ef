# syntax=docker/dockerfile:1
# Build: compile TypeScript with the dev dependencies.
# Node 26, the Active LTS line (Node 20 reached its end of life in April 2026).
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
RUN npm run build

# Run: production dependencies and the compiled output only, as an unprivileged user.
FROM node:26-slim AS run
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The sandbox validates GraphQL against Linear's schema, read next to its compiled module.
COPY src/sandbox/linear-schema.graphql ./dist/src/sandbox/linear-schema.graphql
COPY bin ./bin
COPY config/team.example.yaml ./config/team.example.yaml
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/commitline.js"]
CMD ["serve"]
