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

const result = await build({
  entryPoints: { app: path.join(root, "src/main.js") },
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  outdir: path.join(staging, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(staging, path.resolve(file)));
const js = outputs.find((f) => f.endsWith(".js"));
const css = outputs.find((f) => f.endsWith(".css"));
const page = (await readFile(path.join(root, "index.html"), "utf8")).replace("%JS%", `/${js}`).replace("%CSS%", `/${css}`);
await writeFile(path.join(staging, "index.html"), page);
const old = `${dist}.old-${process.pid}`;
await rename(dist, old).catch(() => {});
await rename(staging, dist);
await rm(old, { recursive: true, force: true });
console.log(`built ${js} and ${css}`);
