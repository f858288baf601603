/**
 * IP addresses as range keys: an unsigned integer (bigint) for arithmetic and binary search, and
 * fixed-width lower-case hex (8 digits for IPv4, 32 for IPv6) for the case file, where plain text
 * comparison then orders keys like the numbers.
 */
import { ipAddressBytes } from '../indicators/index.js';

export type IpFamily = 4 | 6;

export interface IpKey {
  readonly family: IpFamily;
  readonly key: bigint;
}

export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** A plain IPv4 or IPv6 address as a key, or undefined. */
export function ipKey(address: string): IpKey | undefined {
  const parsed = ipAddressBytes(address);
  if (!parsed) return undefined;
  let key = 0n;
  for (const byte of parsed.bytes) key = (key << 8n) | BigInt(byte);
  return { family: parsed.family, key };
}

/** The first address of a CIDR indicator value ("203.0.113.0/24"), or of a plain address. */
export function networkKey(value: string): IpKey | undefined {
  const slash = value.indexOf('/');
  return ipKey(slash === -1 ? value : value.slice(0, slash));
}

export function keyToHex(family: IpFamily, key: bigint): string {
  return key.toString(16).padStart(family === 4 ? 8 : 32, '0');
}

export function hexToKey(hex: string): bigint {
  return BigInt(`0x${hex}`);
}
