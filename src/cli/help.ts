import { DEFAULTS, type HelpTopic } from "./args.js";

const CERTS = `Usage: remote-buildkit certs <command> [options]

Makes the certificates for mutual TLS between CI and a BuildKit daemon, and prints the values
to store as CI secrets. Keys are ECDSA P-256, written 0600; nothing is overwritten without --force.

Commands:
  init     a new CA, a server certificate for the daemon, and a first client certificate
  server   a new server certificate from the existing CA (to renew it, or to add a host name)
  client   another client certificate from the existing CA (one per CI system or team)

Run remote-buildkit certs <command> --help for its options.`;

const TEXT: Readonly<Record<HelpTopic, string>> = {
  main: `Usage: remote-buildkit certs <init|server|client> [options]

remote-buildkit builds container images on a persistent remote BuildKit daemon over mutual TLS
(the GitHub Action and GitLab CI component). This command is the server side's helper.

${CERTS}`,
  certs: CERTS,
  init: `Usage: remote-buildkit certs init --host NAME [--host NAME ...] [options]

Makes a CA, a server certificate and a client certificate in one directory, and prints the
three values to store as CI secrets.

Options:
  --host NAME     a DNS name or IP address CI connects to the daemon with; repeat it, or
                  separate names with commas. Required: the server certificate covers only these.
                  A wildcard (*.buildkitd-headless.buildkit.svc) covers one label.
  --out DIR       where to write the files (default: ${DEFAULTS.out}; made 0700)
  --name NAME     the client certificate's name; its files become client-NAME-cert.pem and
                  client-NAME-key.pem (default: client-cert.pem and client-key.pem, name "ci")
  --days N        validity of the server and client certificates (default: ${DEFAULTS.days})
  --ca-days N     validity of the CA (default: ${DEFAULTS.caDays})
  --force         replace files of the same names (certificates issued before stop working)

Example:
  remote-buildkit certs init --host buildkit.example.com --host 203.0.113.7`,
  server: `Usage: remote-buildkit certs server --host NAME [--host NAME ...] [options]

Issues a new server certificate for the daemon from the existing CA: to renew it before it
expires, or to add a name. Client certificates stay valid. Replacing server-cert.pem and
server-key.pem needs --force.

Options:
  --host NAME     a DNS name or IP address CI connects to the daemon with (repeatable; required)
  --out DIR       the certificates directory (default: ${DEFAULTS.out})
  --ca-cert FILE  the CA certificate (default: DIR/ca.pem)
  --ca-key FILE   the CA private key (default: DIR/ca-key.pem)
  --days N        validity (default: ${DEFAULTS.days})
  --force         replace the server certificate and key

Example:
  remote-buildkit certs server --host buildkit.example.com --force`,
  client: `Usage: remote-buildkit certs client [--name NAME] [options]

Issues another client certificate from the existing CA, for another CI system or team, or to
renew one, and prints the values to store as CI secrets. The daemon needs no change.

Options:
  --name NAME     the client's name; its files become client-NAME-cert.pem and client-NAME-key.pem
                  (without it: client-cert.pem and client-key.pem, name "ci")
  --out DIR       the certificates directory (default: ${DEFAULTS.out})
  --ca-cert FILE  the CA certificate (default: DIR/ca.pem)
  --ca-key FILE   the CA private key (default: DIR/ca-key.pem)
  --days N        validity (default: ${DEFAULTS.days})
  --force         replace the client's existing certificate and key

Example:
  remote-buildkit certs client --name gitlab`,
};

export function helpText(topic: HelpTopic): string {
  return `${TEXT[topic]}\n`;
}
