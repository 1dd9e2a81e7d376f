// Directory filters: combine instantly, reflect them in the URL (shareable, back button).
// Without JavaScript the form stays hidden and the static filter pages do the job.
const form = document.getElementById("filters");
const list = document.getElementById("member-list");
const count = document.getElementById("result-count");

if (form && list) {
  const cards = Array.from(list.querySelectorAll(".card"));
  const fields = ["competence", "category", "district", "type", "size", "training", "jobs"];
  const attribute = {
    competence: "competences", category: "categories", district: "district",
    type: "type", size: "size", training: "training", jobs: "jobs",
  };
  const template = (count && count.dataset.template) || "{n}";

  const read = () => {
    const wanted = {};
    for (const name of fields) {
      const input = form.elements[name];
      const value = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value;
      if (value) wanted[name] = value;
    }
    return wanted;
  };

  const apply = (wanted) => {
    let shown = 0;
    for (const card of cards) {
      const ok = Object.entries(wanted).every(([name, value]) =>
        (card.dataset[attribute[name]] || "").split(" ").includes(value));
      card.hidden = !ok;
      if (ok) shown += 1;
    }
    if (count) count.textContent = template.replace("{n}", String(shown));
  };

  const fromUrl = () => {
    const params = new URLSearchParams(window.location.search);
    for (const name of fields) {
      const input = form.elements[name];
      const value = params.get(name) || "";
      if (input.type === "checkbox") input.checked = value === "1";
      else input.value = value;
    }
    apply(read());
  };

  const update = () => {
    const wanted = read();
    apply(wanted);
    const params = new URLSearchParams(wanted);
    const query = params.toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", url);
    }
  };

  form.hidden = false;
  form.addEventListener("change", update);
  form.addEventListener("reset", () => setTimeout(update, 0));
  form.addEventListener("submit", (event) => { event.preventDefault(); update(); });
  window.addEventListener("popstate", fromUrl);
  fromUrl();
}
