import { describe, expect, it } from "vitest";
import { isJsonContentType, mediaTypeOf } from "./media-type";

describe("isJsonContentType", () => {
  it("accepts application/json with or without parameters, in any case", () => {
    for (const header of ["application/json", "application/json; charset=utf-8", " Application/JSON ;charset=UTF-8"]) {
      expect(isJsonContentType(header), header).toBe(true);
    }
  });

  it("refuses another type that merely mentions application/json", () => {
    for (const header of [
      "text/plain; x=application/json",
      "text/plain;application/json",
      "application/x-www-form-urlencoded; a=application/json",
      "multipart/form-data; boundary=application/json",
      "application/jsonp",
      "application/json-seq",
      "xapplication/json",
      "application/json, text/plain",
    ]) {
      expect(isJsonContentType(header), header).toBe(false);
    }
  });

  it("refuses a missing or malformed header", () => {
    for (const header of [null, undefined, "", ";", "application", "application/", "/json", "application /json"]) {
      expect(isJsonContentType(header), String(header)).toBe(false);
    }
  });

  it("reads the type and subtype only", () => {
    expect(mediaTypeOf("Text/Plain; charset=utf-8")).toBe("text/plain");
  });
});
