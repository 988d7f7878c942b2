import { describe, expect, it } from "vitest";
import { csvCell, csvRow, csvRows } from "./csv";

describe("csvCell", () => {
  it.each([
    ["", ""],
    [null, ""],
    [undefined, ""],
    [0, "0"],
    [-12, "-12"],
    ["-12", "'-12"],
    ["\tindent", "'\tindent"],
    ["cr\rinside", '"cr\rinside"'],
    ["crlf\r\ninside", '"crlf\r\ninside"'],
    ["semi;colon", "semi;colon"],
    ["émoji 🎉", "émoji 🎉"],
  ])("writes %j as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe("csvRow", () => {
  it("keeps empty cells in their columns", () => {
    expect(csvRow(["", null, "x", undefined])).toBe(",,x,\r\n");
    expect(csvRow([null])).toBe("\r\n");
    expect(csvRow([])).toBe("\r\n");
  });

  it("defuses a formula in any column", () => {
    expect(csvRow([1, "=1+1"])).toBe("1,'=1+1\r\n");
  });
});

describe("csvRows", () => {
  it("equals joining csvRow of each row", () => {
    const rows = [
      ["a", 1],
      ['b"', -2],
      ["=c", null],
    ] as const;
    expect(csvRows(rows)).toBe(rows.map((r) => csvRow(r)).join(""));
    expect(csvRows([])).toBe("");
  });
});
