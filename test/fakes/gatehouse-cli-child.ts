/**
 * `node gatehouse-cli-child.js edge|hub ARGS...` runs gatehouse-edge or gatehouse-hub with ARGS,
 * from one transpiled tree (transpileForChild) holding both CLIs: their shared modules are
 * transpiled once.
 */
const which = process.argv.splice(2, 1)[0]
if (which === 'edge') await import('../../edge/src/main.js')
else if (which === 'hub') await import('../../hub/src/main.js')
else throw new Error(`usage: gatehouse-cli-child edge|hub ARGS... (not ${which})`)

export {}
