/** The longest side of a stored photo: enough for the gate's visual check, small enough for a cheap phone's upload. */
const MAX_SIDE_PX = 800
const JPEG_QUALITY = 0.85

/**
 * A camera photo made fit for the hub: scaled down to at most 800 px and re-encoded as JPEG, so
 * a 4 MB phone picture becomes ~100 KB (the hub takes 512 KiB at most) and its EXIF data (the
 * place it was taken) is left behind. Rejects with `UNREADABLE_PHOTO` when the file is no image.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new Error('UNREADABLE_PHOTO')
  }
  const scale = Math.min(1, MAX_SIDE_PX / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(bitmap.width * scale))
  canvas.height = Math.max(1, Math.round(bitmap.height * scale))
  const context2d = canvas.getContext('2d')
  if (context2d === null) throw new Error('UNREADABLE_PHOTO')
  context2d.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY))
  if (blob === null) throw new Error('UNREADABLE_PHOTO')
  return blob
}
