import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/env.schema';

// AES-256-GCM with a 12-byte random IV and a 16-byte tag. Stored as
// `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so keys can rotate: the key id says
// which key decrypts. The owner's and the secret's ids are bound as additional authenticated
// data, so a ciphertext copied onto another row does not decrypt.

const VERSION = 'v1';

/** A short public fingerprint of a key, stored beside each ciphertext. */
export function keyId(keyBase64: string): string {
  return createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 12);
}

/** The keys that may decrypt, current first; only the current one (APP_ENCRYPTION_KEY) encrypts. */
export const encryptionKeysOf = (
  config: Pick<AppConfig, 'APP_ENCRYPTION_KEY' | 'APP_ENCRYPTION_KEYS_PREVIOUS'>,
): readonly string[] => [config.APP_ENCRYPTION_KEY, ...config.APP_ENCRYPTION_KEYS_PREVIOUS];

/** The id of the key a stored value was encrypted under; null when the value is not one of ours. */
export function storedKeyId(stored: string): string | null {
  const [version, id] = stored.split('.');
  return version === VERSION && id ? id : null;
}

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

export function encryptSecret(plaintext: string, keyBase64: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    keyId(keyBase64),
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

/** Decrypts with the key whose id the value names; never includes key or value in errors. */
export function decryptSecret(stored: string, keysBase64: readonly string[], aad: string): string {
  const [version, id, iv, tag, ciphertext] = stored.split('.');
  if (version !== VERSION || !id || !iv || !tag || ciphertext === undefined)
    throw new SecretDecryptionError('stored secret is not in a format this version reads');
  const key = keysBase64.find((k) => keyId(k) === id);
  if (!key) {
    throw new SecretDecryptionError(
      `stored secret was encrypted under key ${id}, which is not configured: set that key as APP_ENCRYPTION_KEY or add it to APP_ENCRYPTION_KEYS_PREVIOUS`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError(
      'stored secret failed its integrity check (wrong key, or the value was altered or moved)',
    );
  }
}

/** The additional authenticated data binding a secret to its row. */
export const secretAad = (ownerId: string, secretId: string) => `secret:${ownerId}:${secretId}`;
