import { describe, expect, it } from "vitest";
import { parseWebhookBody } from "./json-body";

describe("parseWebhookBody", () => {
  it("keeps an integer past 2^53 as its exact digits, where JSON.parse would round it", () => {
    const body = '{"id":820982911946154508,"small":42,"price":89.99,"nested":[{"id":-9007199254740993}]}';
    expect(parseWebhookBody(body)).toEqual({
      id: "820982911946154508",
      small: 42,
      price: 89.99,
      nested: [{ id: "-9007199254740993" }],
    });
    expect((JSON.parse(body) as { id: number }).id).not.toBe(820982911946154508n.toString());
  });

  it("leaves other numbers as numbers, large floats included", () => {
    expect(parseWebhookBody("[1e300, 1.5, 9007199254740991]")).toEqual([1e300, 1.5, 9007199254740991]);
  });

  it("throws on a body that is not JSON", () => {
    expect(() => parseWebhookBody("{not json")).toThrow(SyntaxError);
  });
});
