import { describe, expect, it } from "vitest";
import { listPage } from "../../src/batch/list-page.js";

describe("listPage", () => {
  const items = ["a", "b", "c", "d", "e"].map((id) => ({ id }));
  it("pages after a cursor and before one, and says whether more remain", () => {
    expect(listPage(items, { limit: 2 })).toEqual({ data: [{ id: "a" }, { id: "b" }], hasMore: true });
    expect(listPage(items, { limit: 2, after: "c" })).toEqual({
      data: [{ id: "d" }, { id: "e" }],
      hasMore: false,
    });
    expect(listPage(items, { limit: 2, before: "d" })).toEqual({
      data: [{ id: "b" }, { id: "c" }],
      hasMore: true,
    });
    expect(listPage(items, { limit: 2, after: "zz" })).toEqual({ data: [], hasMore: false });
  });
});
