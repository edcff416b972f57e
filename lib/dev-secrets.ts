import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

type Secrets = Record<string, string>;

function secretsFile(): string {
  return path.resolve(env().DATA_DIR, "dev-secrets.json");
}

/**
 * Development only: a secret generated once and kept in `.data/dev-secrets.json`, so a fresh
 * clone runs with no configuration. Production refuses this (lib/env requires real secrets).
 */
export function devSecret(name: string, generate: () => string = () => randomBytes(32).toString("base64")): string {
  if (env().NODE_ENV === "production") {
    throw new Error(`${name} must be configured in production`);
  }
  const file = secretsFile();
  let secrets: Secrets = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, "utf8")) as Secrets;
  const existing = secrets[name];
  if (existing) return existing;
  const value = generate();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...secrets, [name]: value }, null, 2), { mode: 0o600 });
  console.warn(`[switchboard] generated a development ${name} in ${file}; set it in the environment for production.`);
  return value;
}
