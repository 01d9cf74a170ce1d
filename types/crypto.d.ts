// Web Crypto as tyk-ve serves it (docs/webcrypto.md): the subset enough to
// verify JWTs and webhook signatures. What is not declared here does not
// exist (encrypt, decrypt, generateKey, deriveKey, deriveBits, wrapKey,
// unwrapKey; private keys).

type BufferSource = ArrayBuffer | ArrayBufferView;

type HashAlgorithmIdentifier = "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512" | { name: "SHA-1" | "SHA-256" | "SHA-384" | "SHA-512" };

interface HmacImportParams { name: "HMAC"; hash: HashAlgorithmIdentifier; length?: number }
interface RsaHashedImportParams { name: "RSASSA-PKCS1-v1_5" | "RSA-PSS"; hash: HashAlgorithmIdentifier }
interface EcKeyImportParams { name: "ECDSA"; namedCurve: "P-256" | "P-384" | "P-521" }
interface Ed25519ImportParams { name: "Ed25519" }
type ImportAlgorithm = HmacImportParams | RsaHashedImportParams | EcKeyImportParams | Ed25519ImportParams | "Ed25519";

interface RsaPssParams { name: "RSA-PSS"; saltLength: number }
interface EcdsaParams { name: "ECDSA"; hash: HashAlgorithmIdentifier }
type VerifyAlgorithm = "HMAC" | "RSASSA-PKCS1-v1_5" | "Ed25519" | { name: "HMAC" | "RSASSA-PKCS1-v1_5" | "Ed25519" } | RsaPssParams | EcdsaParams;

type KeyUsage = "sign" | "verify";
type KeyFormat = "raw" | "spki" | "jwk";

interface JsonWebKey {
  kty?: string; use?: string; key_ops?: string[]; alg?: string; ext?: boolean;
  crv?: string; x?: string; y?: string; n?: string; e?: string; k?: string;
  [member: string]: unknown;
}

/** A key imported with crypto.subtle.importKey. Not constructible. */
declare class CryptoKey {
  private constructor();
  readonly type: "secret" | "public";
  readonly extractable: boolean;
  readonly algorithm: { name: string; [member: string]: unknown };
  readonly usages: KeyUsage[];
}

interface SubtleCrypto {
  digest(algorithm: HashAlgorithmIdentifier, data: BufferSource): Promise<ArrayBuffer>;
  importKey(format: "jwk", keyData: JsonWebKey, algorithm: ImportAlgorithm, extractable: boolean, keyUsages: Iterable<KeyUsage>): Promise<CryptoKey>;
  importKey(format: "raw" | "spki", keyData: BufferSource, algorithm: ImportAlgorithm, extractable: boolean, keyUsages: Iterable<KeyUsage>): Promise<CryptoKey>;
  exportKey(format: "jwk", key: CryptoKey): Promise<JsonWebKey>;
  exportKey(format: "raw" | "spki", key: CryptoKey): Promise<ArrayBuffer>;
  /** HMAC only. */
  sign(algorithm: "HMAC" | { name: "HMAC" }, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  verify(algorithm: VerifyAlgorithm, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean>;
}

interface Crypto {
  readonly subtle: SubtleCrypto;
  /** A version 4 UUID. */
  randomUUID(): string;
  /** Fills an integer typed array of at most 65,536 bytes with random values and returns it. */
  getRandomValues<T extends Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array>(array: T): T;
}

/** The Web Crypto API. */
declare var crypto: Crypto;
