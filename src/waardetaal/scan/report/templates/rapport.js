// Sorting and filtering for tables marked data-sorteerbaar. Without JavaScript
// they stay plain tables and the filter stays hidden.
"use strict";
(function () {
  const collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });

  function value(cell) {
    return cell.dataset.waarde !== undefined ? Number(cell.dataset.waarde) : cell.textContent.trim();
  }

  function sortBy(table, index, header) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = value(a.cells[index]);
      const y = value(b.cells[index]);
      const order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return ascending ? order : -order;
    });
    body.append(...rows);
  }

  function sortable(table) {
    Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = header.textContent;
      button.addEventListener("click", function () { sortBy(table, index, header); });
      header.textContent = "";
      header.append(button);
    });
  }

  function filterable(input) {
    const table = document.getElementById(input.dataset.filtert);
    const status = document.getElementById(input.getAttribute("aria-describedby"));
    const rows = Array.from(table.tBodies[0].rows);
    function apply() {
      const wanted = input.value.trim().toLocaleLowerCase("nl");
      let shown = 0;
      for (const row of rows) {
        const match = wanted === "" || row.textContent.toLocaleLowerCase("nl").includes(wanted);
        row.hidden = !match;
        shown += match ? 1 : 0;
      }
      status.textContent = shown + " van " + rows.length + " documenten zichtbaar";
    }
    input.addEventListener("input", apply);
    input.closest(".filter").hidden = false;
    apply();
  }

  document.querySelectorAll("table[data-sorteerbaar]").forEach(sortable);
  document.querySelectorAll("input[data-filtert]").forEach(filterable);
})();
