// The shell scripts of a streamed copy (stream.ts), for busybox sh and either busybox nc: the small
// one (Debian's) and the netcat-1.10 one (Alpine's, which moby/buildkit ships), which keeps a
// connection open for as long as its own input is. So each side runs its script with `-e`: the
// script reads and writes the connection itself, and the connection ends when the script does.

const BB = "/bin/busybox";

/** A word quoted for sh. */
export function shQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The copy-in RUN: waits up to waitS seconds for one connection, checks the token (tokenFile),
 * unpacks what follows into target, then reads what tar leaves unread (padding), so that the
 * sender never writes to a closed connection. Its exit status is the script's.
 */
export function receiveIntoMount(port: number, target: string, tokenFile: string, waitS: number): string {
  const script = `read -r t && [ "$t" = "$(${BB} cat ${tokenFile})" ] && ${BB} tar --numeric-owner -xf - -C ${shQuote(target)} && ${BB} cat > /dev/null`;
  return `${BB} nc -l -p ${port} -w ${waitS} -e ${BB} sh -c ${shQuote(script)}`;
}

/** The copy-out RUN: connects to the runner's listener on the port, and sends the token, then the mount as a tar. */
export function sendMount(port: number, target: string, tokenFile: string): string {
  const script = `${BB} cat ${tokenFile} && echo && exec ${BB} tar --numeric-owner -cf - -C ${shQuote(target)} .`;
  return `${BB} nc 127.0.0.1 ${port} -e ${BB} sh -c ${shQuote(script)}`;
}

/**
 * The runner's listener in the container, for a copy out: for each connection, checks the token
 * ($RBK_TOKEN) and writes what follows to `file`, named so only once whole. It goes on listening,
 * so that nothing else can take the port after a stranger's connection, until killed by the pid
 * it leaves in pidFile, or until waitS seconds pass with no connection.
 */
export function receiverScript(port: number, file: string, pidFile: string, waitS: number): string {
  const script = `read -r t && [ "$t" = "$RBK_TOKEN" ] && ${BB} cat > ${file}.part && ${BB} mv ${file}.part ${file}`;
  return `echo $$ > ${pidFile} && exec ${BB} nc -ll -p ${port} -w ${waitS} -e ${BB} sh -c ${shQuote(script)}`;
}
