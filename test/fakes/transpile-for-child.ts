import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('../../', import.meta.url))
const RELATIVE_IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g

function outputPath(outDir: string, sourcePath: string): string {
  return join(outDir, relative(root, sourcePath)).replace(/\.ts$/, '.js')
}

/**
 * Transpiles a TypeScript entry point and every relative module it imports into `outDir` as
 * plain ESM, so a test can spawn it with bare `node`: the TypeScript loader tap uses costs about
 * a second per process, which a test that kills twenty children cannot afford. Packages resolve
 * through a `node_modules` link to the project's. Type errors are not checked here (tsc does).
 */
export function transpileForChild(entryPath: string, outDir: string): string {
  const queue = [resolve(entryPath)]
  const done = new Set<string>()
  for (let source = queue.pop(); source !== undefined; source = queue.pop()) {
    if (done.has(source)) continue
    done.add(source)
    const output = ts.transpileModule(readFileSync(source, 'utf8'), {
      fileName: source,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText
    const target = outputPath(outDir, source)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, output)
    for (const match of output.matchAll(RELATIVE_IMPORT)) {
      const imported = resolve(dirname(source), match[1]!.replace(/\.js$/, '.ts'))
      if (existsSync(imported)) queue.push(imported)
    }
  }
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n')
  if (!existsSync(join(outDir, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(outDir, 'node_modules'))
  return outputPath(outDir, resolve(entryPath))
}
