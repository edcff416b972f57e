import "server-only";

// Token encryption at rest. Key rotation lives in ./rotate (used by `npm run keys:rotate`).
export { createKeyring, defaultKeyring, Keyring, KeyringError } from "./keyring";
export {
  ciphertextPrefix,
  decryptToken,
  DecryptError,
  encryptToken,
  keyIdOf,
  needsRotation,
  type DecryptErrorCode,
  type TokenContext,
} from "./tokens";
