import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type DataTableProps } from "./data-table";

interface Item {
  id: string;
  name: string;
  failed: boolean;
}

const items: Item[] = [
  { id: "a", name: "alpha", failed: false },
  { id: "b", name: "beta", failed: true },
];

const render = (props: Partial<DataTableProps<Item>> = {}) =>
  renderToStaticMarkup(
    createElement(DataTable<Item>, {
      rows: items,
      rowKey: (i) => i.id,
      columns: [
        { header: "Name", cell: (i) => i.name, title: (i) => `item ${i.id}` },
        { header: "Actions", hideHeader: true, align: "right", cell: () => "edit" },
      ],
      empty: "Nothing here.",
      ...props,
    }),
  );

describe("DataTable", () => {
  it("renders a header cell per column and a row per item, with the row's test id and data attributes", () => {
    const html = render({ testId: "things", rowProps: (i) => ({ "data-testid": "thing", "data-failed": i.failed }) });
    expect(html).toContain('<table class="w-full text-left text-sm" data-testid="things">');
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html).toContain('<th scope="col" class="px-3 py-2">Name</th>');
    expect(html.match(/data-testid="thing"/g)).toHaveLength(2);
    expect(html).toContain('data-failed="true"');
    expect(html).toContain('<td title="item b" class="px-3 py-2">beta</td>');
  });

  it("keeps a hidden header for screen readers and aligns its cells", () => {
    const html = render();
    expect(html).toContain('<th scope="col" class="px-3 py-2 text-right"><span class="sr-only">Actions</span></th>');
    expect(html).toContain('<td class="px-3 py-2 text-right">edit</td>');
  });

  it("leaves out columns given as false, and spans a detail row over the columns shown", () => {
    const html = render({
      columns: [{ header: "Name", cell: (i) => i.name }, false, { header: "Id", cell: (i) => i.id }],
      detail: (i) => (i.failed ? `why ${i.name} failed` : null),
      highlight: (i) => i.failed,
    });
    expect(html.match(/<th /g)).toHaveLength(2);
    expect(html).toContain('<tr class="bg-sky-50"><td colSpan="2" class="px-3 pb-3 text-sm">why beta failed</td></tr>');
    expect(html).not.toContain("why alpha failed");
    expect(html).toContain('<tr class="border-t border-slate-100 bg-sky-50">');
  });

  it("says so instead of drawing an empty table, with the empty state's test id", () => {
    const html = render({ rows: [], emptyTestId: "things-empty", caption: "Things" });
    expect(html).not.toContain("<table");
    expect(html).toContain('data-testid="things-empty"');
    expect(html).toContain("Nothing here.");
  });

  it("has an optional caption", () => {
    expect(render({ caption: "Things, newest first" })).toContain('<caption class="sr-only">Things, newest first</caption>');
    expect(render()).not.toContain("<caption");
  });
});
