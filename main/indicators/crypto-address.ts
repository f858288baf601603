/**
 * Cryptocurrency address checks. Base58 and bech32 strings are common by chance in base64 blobs and
 * random ids, so a Bitcoin address is only reported when its checksum holds.
 */
import { createHash } from 'node:crypto';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_INDEX: ReadonlyMap<string, number> = new Map(Array.from(BASE58_ALPHABET, (c, i) => [c, i]));

function base58Decode(text: string): Uint8Array | undefined {
  const bytes: number[] = [0];
  for (const ch of text) {
    const digit = BASE58_INDEX.get(ch);
    if (digit === undefined) return undefined;
    let carry = digit;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Legacy P2PKH ('1…') / P2SH ('3…') address with a valid Base58Check checksum. */
function isBase58CheckAddress(text: string): boolean {
  const decoded = base58Decode(text);
  if (decoded?.length !== 25) return false;
  const version = decoded[0];
  if (version !== 0x00 && version !== 0x05) return false;
  const payload = decoded.subarray(0, 21);
  const checksum = sha256(sha256(payload)).subarray(0, 4);
  return checksum.equals(decoded.subarray(21));
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GENERATORS[i] ?? 0;
  }
  return chk >>> 0;
}

/** Segwit address (BIP 173 bech32 for v0, BIP 350 bech32m for v1+) on mainnet ('bc1…'). */
function isSegwitAddress(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const lower = text.toLowerCase();
  if (!lower.startsWith('bc1') || lower.length < 14 || lower.length > 74) return false;
  const data: number[] = [];
  for (const ch of lower.slice(3)) {
    const v = BECH32_CHARSET.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const hrp = [0x62, 0x63]; // 'b', 'c'
  const expanded = [...hrp.map((c) => c >> 5), 0, ...hrp.map((c) => c & 31), ...data];
  const witnessVersion = data[0] ?? -1;
  const expected = witnessVersion === 0 ? BECH32_CONST : BECH32M_CONST;
  return witnessVersion >= 0 && witnessVersion <= 16 && bech32Polymod(expanded) === expected;
}

export function isBitcoinAddress(text: string): boolean {
  return text.toLowerCase().startsWith('bc1') ? isSegwitAddress(text) : isBase58CheckAddress(text);
}

/**
 * EIP-55: a mixed-case Ethereum address carries a Keccak-256 checksum. Node's crypto has SHA3-256
 * but not Keccak-256 (different padding), so mixed-case addresses are reported with the
 * 'checksum_unverified' flag rather than verified.
 */
export function ethereumChecksumUnverified(hex40: string): boolean {
  return hex40 !== hex40.toLowerCase() && hex40 !== hex40.toUpperCase();
}
