// Careers hub filters: kind, occupation or programme, district and "near a town or postal
// code", combined instantly over every current offer and kept in the URL (shareable, back
// button). Without JavaScript the form stays hidden and the static pages (per kind, per
// district, per occupation) do the job.
//
// The offers come from api/offers.json (the open data, loaded once when a filter is set);
// the positions of towns and postal codes from api/places.json (loaded when the "near"
// field is first used). Every text from those files is put into the page as text
// (textContent), never as HTML.
const form = document.getElementById("careers-filters");
const list = document.getElementById("careers-list");
const count = document.getElementById("careers-count");
const more = document.getElementById("careers-more");

const FIELDS = ["kind", "key", "district", "near", "radius"];

/** Great-circle distance in km (the build's content.refdata.distance_km). */
function distanceKm(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** A site path from an absolute URL of the open data (the site may be served elsewhere). */
function sitePath(url) {
  return url ? new URL(url).pathname : "";
}

function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}

if (form && count) {
  const data = form.dataset;
  const lang = data.lang;
  const pageSize = Number(data.pageSize) || 24;
  const ownList = list ? Array.from(list.children) : [];
  const ownCount = count.textContent;
  const pager = document.querySelector(".pager");
  const problem = document.getElementById("careers-near-problem");
  const datalist = document.getElementById("careers-places");
  let offers = null; // promise of {kinds, offers}
  let places = null; // promise of [[label, code, lat, lon], …]
  let shown = 0;
  let matches = [];
  let generation = 0;
  let target = list;

  const load = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  const getOffers = () => (offers ??= load(data.offers));
  const getPlaces = () => (places ??= load(data.places).then((d) => {
    const fragment = document.createDocumentFragment();
    for (const [label] of d.places) {
      const option = document.createElement("option");
      option.value = label;
      fragment.append(option);
    }
    datalist.replaceChildren(fragment);
    return d.places;
  }));

  /** The position of what the visitor typed: a postal code, "74072 Heilbronn" or a town. */
  const resolvePlace = async (text) => {
    const wanted = fold(text);
    const rows = await getPlaces();
    const code = wanted.match(/^\d{5}/);
    const hit =
      rows.find((r) => fold(r[0]) === wanted) ||
      (code && rows.find((r) => r[1] === code[0])) ||
      rows.find((r) => !r[1] && fold(r[0]).startsWith(wanted));
    return hit ? [hit[2], hit[3]] : null;
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const formatDate = (iso) => (lang === "de" ? iso.split("-").reverse().join(".") : iso);

  const card = (offer, kinds) => {
    const item = element("li", "offer-card");
    item.id = offer.id;
    const kindClass = offer.kind.replace("_", "-");
    item.append(element("p", `offer-kind offer-kind--${kindClass}`, kinds[offer.kind][lang]));
    const title = element("h2", "offer-title");
    const page = sitePath(lang === "en" ? offer.page_en : offer.page);
    const titleText = offer.title[lang] || offer.title.de;
    if (page) {
      const link = element("a", "", titleText);
      link.href = page;
      title.append(link);
    } else {
      title.textContent = titleText;
    }
    item.append(title);
    const member = element("p", "offer-member");
    const memberLink = element("a", "", offer.member.name);
    memberLink.href = `${sitePath(lang === "en" ? offer.member.url_en : offer.member.url)}#offer-${kindClass}`;
    member.append(memberLink);
    item.append(member);
    const place = element("p", "offer-place", `${offer.city} · ${offer.district}`);
    if (offer.distance !== undefined) {
      const km = offer.distance < 1 ? "< 1" : String(Math.round(offer.distance));
      place.append(" · ", element("strong", "offer-distance", data.distance.replace("{km}", km)));
    }
    item.append(place);
    if (offer.university) item.append(element("p", "offer-detail", offer.university));
    if (offer.topics.length) {
      const topics = element("p", "offer-detail");
      topics.append(element("span", "muted", `${data.topics}:`), " ", offer.topics.join(", "));
      item.append(topics);
    }
    if (offer.note) {
      const note = element("p", "offer-note", offer.note);
      note.lang = "de";
      item.append(note);
    }
    if (offer.start || offer.until) {
      const dates = element("p", "offer-dates");
      if (offer.start) dates.append(element("span", "", `${data.start} ${formatDate(offer.start)}`));
      if (offer.until) dates.append(" ", element("span", "", `${data.until} ${formatDate(offer.until)}`));
      item.append(dates);
    }
    if (offer.contact) {
      const contact = element("p", "offer-contact");
      contact.append(element("span", "muted", `${data.contact}:`));
      if (offer.contact.name) contact.append(" ", offer.contact.name);
      if (offer.contact.email) {
        const mail = element("a", "", offer.contact.email);
        mail.href = `mailto:${offer.contact.email}`;
        contact.append(" ", mail);
      }
      if (offer.contact.phone) {
        const phone = element("a", "", offer.contact.phone);
        phone.href = `tel:${offer.contact.phone.replace(/ /g, "")}`;
        contact.append(" ", phone);
      }
      item.append(contact);
    }
    if (offer.url && /^https?:\/\//.test(offer.url)) {
      const apply = element("p", "offer-apply");
      const link = element("a", "", `${data.apply} →`);
      link.href = offer.url;
      link.rel = "nofollow ugc noopener";
      apply.append(link);
      item.append(apply);
    }
    return item;
  };

  const values = () => Object.fromEntries(FIELDS.map((name) => [name, form.elements[name].value.trim()]));
  const active = (v) => Boolean(v.kind || v.key || v.district || v.near);

  const showCount = (n) => {
    count.textContent = n === 1 ? data.countOne : data.count.replace("{n}", String(n));
  };

  // The occupations and programmes of the chosen kind only.
  const narrowKeys = () => {
    const kind = form.elements.kind.value;
    const select = form.elements.key;
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = Boolean(kind) && group.dataset.kind !== kind;
    }
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.parentElement.hidden) select.value = "";
  };

  const ensureList = () => {
    if (!target) {
      target = element("ul", "offer-list");
      target.id = "careers-list";
      count.after(target);
    }
    return target;
  };

  const showMore = (kinds) => {
    const fragment = document.createDocumentFragment();
    for (const offer of matches.slice(shown, shown + pageSize)) fragment.append(card(offer, kinds));
    shown = Math.min(matches.length, shown + pageSize);
    ensureList().append(fragment);
    if (more) more.hidden = shown >= matches.length;
  };

  const apply = async (push) => {
    const mine = ++generation;
    const v = values();
    const params = new URLSearchParams();
    for (const name of FIELDS) {
      if (v[name] && !(name === "radius" && !v.near)) params.set(name, v[name]);
    }
    const query = params.toString();
    const url = `${location.pathname}${query ? `?${query}` : ""}`;
    if (push && url !== `${location.pathname}${location.search}`) history.pushState(null, "", url);
    problem.hidden = true;
    if (!active(v)) {
      ensureList().replaceChildren(...ownList);
      count.textContent = ownCount;
      if (pager) pager.hidden = false;
      if (more) more.hidden = true;
      return;
    }
    const all = await getOffers();
    let origin = null;
    if (v.near) {
      origin = await resolvePlace(v.near);
      if (!origin) {
        problem.textContent = data.unknownPlace;
        problem.hidden = false;
      }
    }
    if (mine !== generation) return;
    const radius = Number(v.radius) || 25;
    const [keyKind, key] = v.key ? v.key.split(":") : ["", ""];
    matches = [];
    for (const offer of all.offers) {
      if (v.kind && offer.kind !== v.kind) continue;
      if (key && (offer.kind !== keyKind || offer.key !== key)) continue;
      if (v.district && offer.district_key !== v.district) continue;
      const found = { ...offer };
      if (origin) {
        found.distance = distanceKm(origin, [offer.lat, offer.lon]);
        if (found.distance > radius) continue;
      }
      matches.push(found);
    }
    if (origin) matches.sort((a, b) => a.distance - b.distance);
    if (pager) pager.hidden = true;
    ensureList().replaceChildren();
    shown = 0;
    showCount(matches.length);
    showMore(all.kinds);
  };

  const fromUrl = () => {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const value = params.get(name);
      if (value !== null) form.elements[name].value = value;
      else if (name !== "radius") form.elements[name].value = "";
    }
    narrowKeys();
  };

  form.hidden = false;
  // The form does what the hub's static filter links do, for every combination.
  const staticPages = document.getElementById("careers-pages");
  if (staticPages) staticPages.hidden = true;
  fromUrl();
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") narrowKeys();
    apply(true);
  });
  let typing;
  form.elements.near.addEventListener("focus", () => { getPlaces(); }, { once: true });
  form.elements.near.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => apply(true), 250);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(true); });
  form.addEventListener("reset", () => { setTimeout(() => { narrowKeys(); apply(true); }, 0); });
  if (more) more.querySelector("button").addEventListener("click", () => getOffers().then((d) => showMore(d.kinds)));
  window.addEventListener("popstate", () => { fromUrl(); apply(false); });
  if (active(values())) apply(false);
}
