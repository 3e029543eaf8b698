// Production build: one minified, content-hashed ES module bundle (and its CSS) in dist/assets,
// and dist/index.html pointing at them. `node build.mjs`.
import { build } from "esbuild";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, "dist");
// Build beside dist and swap it in at the end, so a server serving dist never sees a half-built app.
const staging = path.join(root, `dist.building-${process.pid}`);

await rm(staging, { recursive: true, force: true });
await mkdir(path.join(staging, "assets"), { recursive: true });

const common = {
  bundle: true,
  minify: true,
  target: ["es2020"],
  outdir: path.join(staging, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
};

const result = await build({ ...common, entryPoints: { app: path.join(root, "src/main.js") }, format: "esm" });

// A tiny classic script for <head> that starts the explore page's request before the app loads.
const early = await build({ ...common, entryPoints: { prefetch: path.join(root, "src/prefetch.js") }, format: "iife" });

const built = (meta) => Object.keys(meta.outputs).map((file) => path.relative(staging, path.resolve(file)));
const outputs = built(result.metafile);
const js = outputs.find((f) => f.endsWith(".js"));
const css = outputs.find((f) => f.endsWith(".css"));
const prefetch = built(early.metafile).find((f) => f.endsWith(".js"));
const page = (await readFile(path.join(root, "index.html"), "utf8"))
  .replace("%JS%", `/${js}`)
  .replace("%CSS%", `/${css}`)
  .replace("%PREFETCH%", `/${prefetch}`);
await writeFile(path.join(staging, "index.html"), page);
const old = `${dist}.old-${process.pid}`;
await rename(dist, old).catch(() => {});
await rename(staging, dist);
await rm(old, { recursive: true, force: true });
console.log(`built ${js}, ${css} and ${prefetch}`);
