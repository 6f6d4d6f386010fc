/**
 * Prints one part of the screen (a temporary pass, the visitor poster) and nothing else: the
 * print stylesheet hides everything but the element marked `print-target` while the body is
 * `staff-printing` (gatehouse.css, staff section).
 */
export function printOnly(element: HTMLElement): void {
  const done = () => {
    document.body.classList.remove('staff-printing')
    element.classList.remove('print-target')
    window.removeEventListener('afterprint', done)
  }
  document.body.classList.add('staff-printing')
  element.classList.add('print-target')
  window.addEventListener('afterprint', done)
  window.print()
}
