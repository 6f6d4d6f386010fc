// Plays gpiomon 1.6 for tests: takes its command line (`-b -f -F '%o %s.%n' <chip> <d0> <d1>`),
// prints the falling edges of one H10301 card (FC 212, card 7041) with monotonic timestamps
// 2 ms apart and unpadded nanoseconds, as gpiomon 1.6 does, then waits to be terminated.
// FAKE_GPIOMON_CARDS=n prints n such cards, 100 ms apart on their timestamps, all at once.
// FAKE_GPIOMON_FAIL=1 makes it fail as gpiomon does on a machine with no GPIO chip.
const args = process.argv.slice(2)
if (process.env.FAKE_GPIOMON_FAIL === '1') {
  process.stderr.write('gpiomon: error waiting for events: No such file or directory\n')
  process.exit(1)
}
const [d0, d1] = args.slice(-2)
const bits = '11101010000011011100000010'
const cards = Number(process.env.FAKE_GPIOMON_CARDS ?? '1')
const start = process.hrtime.bigint()
const lines = []
for (let card = 0; card < cards; card++) {
  ;[...bits].forEach((bit, index) => {
    const ns = start + BigInt(card) * 100_000_000n + BigInt(index) * 2_000_000n
    lines.push(`${bit === '0' ? d0 : d1} ${ns / 1_000_000_000n}.${ns % 1_000_000_000n}\n`)
  })
}
process.stdout.write(lines.join(''))
process.on('SIGTERM', () => process.exit(0))
setInterval(() => undefined, 1000)
