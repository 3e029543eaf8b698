#!/usr/bin/env node
// A certified OpenID provider (panva's oidc-provider) on loopback, for Kindred's browser tests.
//
//   node start.mjs --client ID:SECRET:REDIRECT_URI [--client ...] [--groups "Design,Ops"] [--echo-issuer]
//
// Listens on a free port of 127.0.0.1 and prints one line, `ready <issuer>`, when it answers.
// Anyone signs in with any login and password on its development login form (devInteractions);
// the login is the account: its subject and e-mail address (a login without "@" gets
// "@example.org"), with every --groups value in its `groups` claim. As the provider does by
// default, the ID token carries only the subject: e-mail, name and groups come from userinfo.
// --echo-issuer makes it misbehave: its discovery document names whatever origin it was asked
// at as the issuer and leaves the issuer out of its answers, while its tokens keep the real one
// (a token "from another issuer").
// It exits when its standard input closes: when the test process that started it dies.
import http from "node:http";
import crypto from "node:crypto";
import Provider from "oidc-provider";

function parse(argv) {
  const options = { clients: [], groups: [], echoIssuer: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--client") {
      const [id, secret, ...uri] = argv[++i].split(":");
      options.clients.push({ id, secret, redirect: uri.join(":") });
    } else if (arg === "--groups") {
      options.groups = argv[++i].split(",").map((g) => g.trim()).filter(Boolean);
    } else if (arg === "--echo-issuer") {
      options.echoIssuer = true;
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  if (!options.clients.length) throw new Error("give at least one --client ID:SECRET:REDIRECT_URI");
  return options;
}

const options = parse(process.argv.slice(2));
const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const tag = crypto.randomBytes(4).toString("hex"); // two providers on one host keep their cookies apart
  const provider = new Provider(issuer, {
    clients: options.clients.map(({ id, secret, redirect }) => ({
      client_id: id,
      client_secret: secret,
      redirect_uris: [redirect],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    cookies: {
      keys: [crypto.randomBytes(32).toString("hex")],
      names: { session: `_session_${tag}`, interaction: `_interaction_${tag}`, resume: `_interaction_resume_${tag}` },
    },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          const email = sub.includes("@") ? sub : `${sub}@example.org`;
          const local = email.split("@")[0];
          return {
            sub,
            email,
            email_verified: true,
            name: local.charAt(0).toUpperCase() + local.slice(1),
            preferred_username: local,
            groups: options.groups,
          };
        },
      };
    },
  });
  if (options.echoIssuer) {
    provider.use(async (ctx, next) => {
      await next();
      if (ctx.path === "/.well-known/openid-configuration" && ctx.body && typeof ctx.body === "object") {
        ctx.body = { ...ctx.body, issuer: `http://${ctx.get("host")}`, authorization_response_iss_parameter_supported: false };
      }
      // Nor does it name itself in its answers (RFC 9207): only the ID token tells.
      const location = ctx.response.get("Location");
      if (location && location.includes("iss=")) {
        const url = new URL(location);
        url.searchParams.delete("iss");
        ctx.response.set("Location", url.toString());
      }
    });
  }
  server.on("request", provider.callback());
  console.log(`ready ${issuer}`);
});

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
