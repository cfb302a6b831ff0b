// Zoom the story's timeline drawing from the whole story down to days. The page reads the same
// without this script: the drawing then shows the whole story, and every entry is listed below it.
(function () {
  const drawing = document.querySelector(".timeline-drawing");
  const zoom = document.getElementById("zoom");
  if (!drawing || !zoom) return;
  const svg = drawing.querySelector("svg");
  const days = Number(drawing.dataset.days) || 1;
  const label = document.getElementById("zoom-label");
  // Pixels per day at each level: the whole story in the box, then months, weeks and days readable.
  const levels = [
    { name: "whole story", perDay: null },
    { name: "months", perDay: 6 },
    { name: "weeks", perDay: 24 },
    { name: "days", perDay: 80 },
  ];
  zoom.closest(".zoom").hidden = false;

  function draw() {
    const level = levels[Number(zoom.value)];
    const inner = level.perDay ? Math.max(980, days * level.perDay) : 980;
    const width = inner + 20;
    const x = (day) => 10 + (day / days) * inner;
    svg.setAttribute("width", width);
    svg.setAttribute("viewBox", `0 0 ${width} 70`);
    svg.querySelector(".axis").setAttribute("x2", width - 10);
    svg.querySelectorAll(".point").forEach((point) => {
      point.querySelector("circle").setAttribute("cx", x(Number(point.dataset.day)));
    });
    svg.querySelectorAll(".band").forEach((band) => {
      const start = x(Number(band.dataset.start));
      band.setAttribute("x", start);
      band.setAttribute("width", Math.max(4, x(Number(band.dataset.end)) - start));
    });
    const end = svg.querySelector(".tick.end");
    if (end) end.setAttribute("x", width - 10);
    label.textContent = level.name;
  }
  zoom.addEventListener("input", draw);
})();
