// Phones: each table row reads as a card (app.css, under 600 px), every cell labelled with its
// column's heading, so that no table needs scrolling sideways. Labels are copied from the
// table's own <thead> here rather than repeated in every template; without this script a
// table still scrolls inside its .overflow-auto box.
"use strict";
for (const table of document.querySelectorAll("table")) {
  const headings = [];
  const last = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
  if (!last) continue;
  for (const th of last.cells) {
    for (let i = 0; i < (th.colSpan || 1); i++) headings.push(th.textContent.trim());
  }
  for (const body of [...table.tBodies, ...(table.tFoot ? [table.tFoot] : [])]) {
    for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        if (!cell.hasAttribute("data-label")) cell.dataset.label = headings[column] || "";
        column += cell.colSpan || 1;
      }
    }
  }
  table.classList.add("cards");
}
