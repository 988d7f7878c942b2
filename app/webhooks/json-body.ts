/**
 * A webhook body, parsed without losing digits. JSON.parse turns an integer past 2^53 into
 * the nearest double, so a 64-bit Shopify id would silently become another id; here such an
 * integer is kept as its exact digits (ids are compared as text everywhere). Other numbers,
 * money among them, stay numbers: the payload schemas read their shortest decimal form.
 */
export function parseWebhookBody(text: string): unknown {
  return JSON.parse(
    text,
    function keepLargeIntegers(this: unknown, _key: string, value: unknown, context?: { source?: string }) {
      if (typeof value !== "number" || Number.isSafeInteger(value)) return value;
      const source = context?.source;
      return source !== undefined && /^-?\d+$/.test(source) ? source : value;
    },
  );
}
