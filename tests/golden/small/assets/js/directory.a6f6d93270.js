// Directory filters: combine instantly over all members, reflect them in the URL
// (shareable, back button). Without JavaScript the form stays hidden and the static
// filter pages do the job.
//
// The page holds one page of cards. When a filter is set, the script loads every
// card's data once (cards.json, written by the build next to the directory) and
// shows the matching cards, `page-size` at a time ("show more"); with no filter set
// the page's own cards and its page links come back.
const form = document.getElementById("filters");
const list = document.getElementById("member-list");
const count = document.getElementById("result-count");
const more = document.getElementById("more-cards");
const cardTemplate = document.getElementById("card-template");

const FIELDS = ["competence", "category", "district", "type", "size", "training", "jobs"];
// form field → column of cards.json
const COLUMN = {
  competence: "competences", category: "categories", district: "district",
  type: "type", size: "size", training: "training", jobs: "jobs",
};

if (form && list && cardTemplate) {
  const pageSize = Number(form.dataset.pageSize) || 48;
  const template = (count && count.dataset.template) || "{n}";
  const ownCards = Array.from(list.children);
  const ownCount = count ? count.textContent : "";
  const pager = document.querySelector(".pager");
  let cards = null; // promise of every card, fetched once: [{url, name, …, competences: […]}]
  let matches = [];
  let shown = 0;
  let generation = 0; // only the newest filter state may change the list

  const fetchCards = async () => {
    const response = await fetch(form.dataset.cards);
    if (!response.ok) throw new Error(`${form.dataset.cards}: ${response.status}`);
    const data = await response.json();
    return data.cards.map((row) => {
      const card = {};
      data.fields.forEach((name, i) => { card[name] = row[i]; });
      for (const name of Object.values(COLUMN)) card[name] = String(card[name]).split(" ");
      return card;
    });
  };
  const loadCards = () => {
    if (!cards) {
      cards = fetchCards();
      cards.catch(() => { cards = null; }); // a later change may try again
    }
    return cards;
  };

  const countText = (n) => {
    if (n === 0) return count.dataset.none;
    if (n === 1) return count.dataset.one;
    return template.replace("{n}", String(n));
  };

  const read = () => {
    const wanted = {};
    for (const name of FIELDS) {
      const input = form.elements[name];
      const value = input.type === "checkbox" ? (input.checked ? "1" : "") : input.value;
      if (value) wanted[name] = value;
    }
    return wanted;
  };

  // One card, built from the page's <template> (the theme's markup); text goes in as
  // text, never as HTML.
  const render = (card) => {
    const item = cardTemplate.content.firstElementChild.cloneNode(true);
    const placeholder = item.querySelector(".card-logo");
    if (card.logo) {
      const img = document.createElement("img");
      img.className = "card-logo";
      img.src = card.logo;
      img.alt = "";
      img.width = 56;
      img.height = 56;
      img.loading = "lazy";
      placeholder.replaceWith(img);
    } else {
      placeholder.textContent = card.name.slice(0, 1);
    }
    const link = item.querySelector(".card-title a");
    link.href = card.url;
    link.textContent = card.name;
    const tagline = item.querySelector(".card-tagline");
    tagline.textContent = card.tagline;
    if (card.tagline_lang !== document.documentElement.lang) tagline.lang = card.tagline_lang;
    item.querySelector(".card-meta").textContent = card.place;
    const tags = item.querySelector(".tags");
    if (card.tags.length === 0) tags.remove();
    for (const label of card.tags) {
      const tag = document.createElement("li");
      tag.textContent = label;
      tags.append(tag);
    }
    return item;
  };

  const showMore = () => {
    const next = matches.slice(shown, shown + pageSize);
    const items = next.map(render);
    list.append(...items);
    shown += next.length;
    if (more) more.hidden = shown >= matches.length;
    return items;
  };

  const apply = async (wanted) => {
    const mine = ++generation;
    const active = Object.entries(wanted);
    if (active.length === 0) {
      list.replaceChildren(...ownCards);
      if (pager) pager.hidden = false;
      if (more) more.hidden = true;
      if (count) count.textContent = ownCount;
      return;
    }
    const all = await loadCards();
    if (mine !== generation) return; // the filters changed while the cards loaded
    matches = all.filter((card) =>
      active.every(([name, value]) => card[COLUMN[name]].includes(value)));
    list.replaceChildren();
    shown = 0;
    showMore();
    if (pager) pager.hidden = true;
    if (count) count.textContent = countText(matches.length);
  };

  const fromUrl = () => {
    const params = new URLSearchParams(window.location.search);
    for (const name of FIELDS) {
      const input = form.elements[name];
      const value = params.get(name) || "";
      if (input.type === "checkbox") input.checked = value === "1";
      else input.value = value;
    }
    return apply(read());
  };

  const update = () => {
    const wanted = read();
    const query = new URLSearchParams(wanted).toString();
    const url = window.location.pathname + (query ? `?${query}` : "");
    if (url !== window.location.pathname + window.location.search) {
      window.history.pushState(null, "", url);
    }
    return apply(wanted);
  };

  const report = (error) => {
    // The static filter pages still work: say so instead of showing a wrong list.
    console.error(error);
    if (count) count.textContent = form.dataset.error;
  };

  form.hidden = false;
  form.addEventListener("change", () => { update().catch(report); });
  form.addEventListener("reset", () => setTimeout(() => { update().catch(report); }, 0));
  form.addEventListener("submit", (event) => { event.preventDefault(); update().catch(report); });
  if (more) {
    more.querySelector("button").addEventListener("click", () => {
      // The new cards' first link takes the focus (the button may disappear).
      const [first] = showMore();
      if (first) first.querySelector("a").focus();
    });
  }
  window.addEventListener("popstate", () => { fromUrl().catch(report); });
  fromUrl().catch(report);
}
