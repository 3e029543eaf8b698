// The passions directory (by members, with the teams and sites they span) and a passion's page.
import { html } from "./html.js";
import { useState } from "preact/hooks";
import { ErrorText, Loading, MemberLink, useQuery } from "./ui.js";
import { plural } from "./words.js";

const PASSIONS = `query Passions($text: String, $after: String) {
  passions(filter: { text: $text }, orderBy: MEMBERS, first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { slug name memberCount teamCount siteCount } }
  }
}`;
const PASSION = `query Passion($slug: String!, $after: String) {
  passion(slug: $slug) {
    slug name description memberCount teamCount siteCount
    members(first: 50, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { handle name headline team { name } site { name } } }
    }
  }
}`;

/** Where one adds a passion: one's own profile, its passion editor open. */
const addPassionLink = (session) => `#/member/${encodeURIComponent(session?.handle ?? "")}?edit=passions`;

export function PassionsPage({ client, session }) {
  const [text, setText] = useState("");
  const [more, setMore] = useState([]);
  const [moreError, setMoreError] = useState(null);
  const { data, error, loading } = useQuery(client, PASSIONS, { text: text.trim() || null }, [text]);
  const page = data?.passions;
  const rows = page ? [...page.edges, ...more.flatMap((p) => p.edges)] : [];
  const last = more.length ? more[more.length - 1] : page;
  const loadMore = async () => {
    try {
      setMore([...more, (await client.request(PASSIONS, { text: text.trim() || null, after: last.pageInfo.endCursor })).passions]);
    } catch (err) {
      setMoreError(err);
    }
  };
  return html`<section aria-labelledby="passions-title">
    <h1 id="passions-title">Passions</h1>
    <label>Find a passion <input type="search" value=${text} onInput=${(e) => { setMore([]); setText(e.currentTarget.value); }} /></label>
    <${ErrorText} error=${error} />
    ${loading && !page && html`<${Loading} />`}
    ${page && rows.length === 0 && html`<p class="muted">${text.trim()
      ? html`No passion matches “${text.trim()}” yet. <a href=${addPassionLink(session)}>Add it to your passions</a> and others who care about it can find you.`
      : html`No passions yet. <a href=${addPassionLink(session)}>Add your passions</a> to start the list.`}</p>`}
    ${page && rows.length > 0 && html`<p class="muted">${plural(page.totalCount, "passion")}, most shared first</p>
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">Passion</th><th scope="col">Members</th><th scope="col">Teams</th><th scope="col">Sites</th></tr></thead>
      <tbody>${rows.map(({ node }) => html`<tr>
        <th scope="row"><a href=${`#/passion/${encodeURIComponent(node.slug)}`}>${node.name}</a></th>
        <td>${node.memberCount}</td><td>${node.teamCount}</td><td>${node.siteCount}</td></tr>`)}</tbody>
    </table></div>
    ${last?.pageInfo.hasNextPage && html`<button type="button" onClick=${loadMore}>Show more passions</button>`}
    <${ErrorText} error=${moreError} />`}
  </section>`;
}

export function PassionPage({ client, route, session }) {
  const slug = route.params.slug;
  const [more, setMore] = useState([]);
  const { data, error, loading } = useQuery(client, PASSION, { slug }, [slug]);
  if (loading && !data) return html`<${Loading} />`;
  if (error) return html`<${ErrorText} error=${error} />`;
  const passion = data.passion;
  if (!passion) return html`<section><h1>No such passion</h1><p>No passion has that name yet. <a href=${addPassionLink(session)}>Add it to your passions</a> to start it, or <a href="#/passions">browse the passions</a> people share.</p></section>`;
  const pages = [passion.members, ...more];
  const last = pages[pages.length - 1];
  const loadMore = async () => setMore([...more, (await client.request(PASSION, { slug, after: last.pageInfo.endCursor })).passion.members]);
  return html`<section aria-labelledby="passion-title">
    <h1 id="passion-title">${passion.name}</h1>
    ${passion.description && html`<p>${passion.description}</p>`}
    <p>${plural(passion.memberCount, "member")}, across ${plural(passion.teamCount, "team")} and ${plural(passion.siteCount, "site")}.${" "}
      <a href=${`#/explore?lens=purpose&passion=${encodeURIComponent(passion.slug)}`}>See it in the purpose lens</a></p>
    ${passion.memberCount === 0 && html`<p class="muted">Nobody holds this passion now. <a href=${addPassionLink(session)}>Add it to your passions</a> to be the first.</p>`}
    <ul class="people">${pages.flatMap((p) => p.edges).map(({ node }) => html`<li>
      <${MemberLink} member=${node} /> <span class="muted">${[node.team?.name, node.site?.name].filter(Boolean).join(" · ")}</span>
      ${node.headline && html`<div>${node.headline}</div>`}</li>`)}</ul>
    ${last.pageInfo.hasNextPage && html`<button type="button" onClick=${loadMore}>Show more people</button>`}
  </section>`;
}
