// The dashboard: draw each figure's chart from the JSON the page carries (no inline script), and
// switch between the chart and its table. Without JavaScript the tables stay visible.
// Sections whose figures were not ready arrive later (htmx) with their own JSON: drawn then.
(() => {
  if (typeof Chart === "undefined") return;
  const specs = {};
  const palette = ["#0d6efd", "#198754", "#dc3545", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#d63384", "#0dcaf0", "#ffc107"];
  const count = new Intl.NumberFormat("en-IN");
  const rupees = new Intl.NumberFormat("en-IN", { style: "currency", currency: "INR", maximumFractionDigits: 0 });

  // Long category names (causes, segment groups) on several lines instead of cut off.
  function wrap(label, width = 28) {
    if (label.length <= width) return label;
    const lines = [""];
    for (const word of label.split(" ")) {
      const line = lines[lines.length - 1];
      if (line && (line + " " + word).length > width) lines.push(word);
      else lines[lines.length - 1] = line ? `${line} ${word}` : word;
    }
    return lines;
  }

  function config(spec) {
    const format = (value) => (spec.money ? rupees : count).format(value);
    const round = spec.type === "doughnut";
    const datasets = spec.datasets.map((set, i) => {
      // A doughnut colours its slices; bars colour each dataset (an office, a kind of figure).
      const colour = round
        ? spec.colours || spec.labels.map((_, j) => palette[j % palette.length])
        : (spec.colours || [])[i] || palette[i % palette.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colour,
        borderColor: round ? "#fff" : colour,
        maxBarThickness: 48,
      };
    });
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false, // figures to read, not to watch; and a screenshot shows them whole
      plugins: {
        legend: { display: round || datasets.length > 1, position: round ? "right" : "top" },
        tooltip: { callbacks: { label: (ctx) => `${round ? ctx.label : ctx.dataset.label}: ${format(ctx.raw)}` } },
      },
    };
    if (!round) {
      const valueAxis = {
        beginAtZero: true,
        stacked: !!spec.stacked,
        ticks: { precision: 0, callback: (value) => format(value) },
        title: { display: !!spec.y_title, text: spec.y_title || "" },
      };
      const labelAxis = { stacked: !!spec.stacked, ticks: { autoSkip: true } };
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    const labels = spec.horizontal ? spec.labels.map((label) => wrap(label)) : spec.labels;
    return { type: spec.type, data: { labels, datasets }, options };
  }

  function show(key, table) {
    const chartBox = document.getElementById(`${key}-chart`);
    const tableBox = document.getElementById(`${key}-table`);
    const button = document.querySelector(`[data-dashboard-toggle="${key}"]`);
    chartBox.hidden = table;
    // While the chart shows, the table stays readable by screen readers, only visually hidden.
    tableBox.classList.toggle("visually-hidden", !table);
    // The words come translated from the page (data-show-chart / data-show-table).
    button.textContent = table ? button.dataset.showChart : button.dataset.showTable;
    button.setAttribute("aria-label", `${button.textContent}: ${button.dataset.title}`);
    button.setAttribute("aria-expanded", String(table));
  }

  function draw(root) {
    for (const source of root.querySelectorAll('script[id^="dashboard-charts"]')) {
      Object.assign(specs, JSON.parse(source.textContent));
    }
    for (const canvas of root.querySelectorAll("canvas[data-chart]:not([data-drawn])")) {
      const key = canvas.dataset.chart;
      const spec = specs[key];
      if (!spec) continue;
      canvas.dataset.drawn = "1";
      document.getElementById(`${key}-chart`).hidden = false;
      new Chart(canvas, config(spec));
      const button = document.querySelector(`[data-dashboard-toggle="${key}"]`);
      button.hidden = false;
      button.addEventListener("click", () => show(key, button.getAttribute("aria-expanded") !== "true"));
      show(key, false);
    }
  }

  draw(document);
  document.addEventListener("htmx:load", () => draw(document)); // a section swapped in
})();
