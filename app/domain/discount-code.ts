/** Discount codes shoppers type at checkout: unambiguous letters, grouped for reading. */

// No 0/O, 1/I/L: a code read aloud at a shop counter must not be mistyped.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** LOYAL-XXXX-XXXX from 8 random bytes (~39 bits: guessing a live code is hopeless). */
export function discountCodeFrom(bytes: Uint8Array, prefix = "LOYAL"): string {
  if (bytes.length < 8) throw new Error("discountCodeFrom needs 8 random bytes.");
  const chars = Array.from(bytes.slice(0, 8), (b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${prefix}-${chars.slice(0, 4)}-${chars.slice(4, 8)}`;
}
