/** What uploaded bytes really are (magic numbers), and X's size limits per kind of media. */

/** Per file, as X documents them: images 5 MB, animated GIFs 15 MB, videos 512 MB. */
export const IMAGE_MAX = 5 * 1024 * 1024;
export const GIF_MAX = 15 * 1024 * 1024;
export const VIDEO_MAX = 512 * 1024 * 1024;

/** The image type and dimensions the bytes really are, or undefined for anything but JPEG/PNG/GIF/WebP. */
export function sniff(bytes: Buffer): { type: string; width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes[0] === 0x89 && bytes.subarray(1, 4).toString("latin1") === "PNG") {
    return { type: "image/png", width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.subarray(0, 4).toString("latin1") === "GIF8") return { type: "image/gif", width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    return { type: "image/webp", width: 0, height: 0 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk JPEG segments to the first start-of-frame marker for the dimensions.
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) break;
      const marker = bytes[i + 1]!;
      const len = bytes.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { type: "image/jpeg", height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return { type: "image/jpeg", width: 0, height: 0 };
  }
  return undefined;
}

/** Whether the bytes start like a file of this video type (ISO BMFF box, EBML header, MPEG-TS sync byte). */
export function looksLikeVideo(bytes: Buffer, mediaType: string): boolean {
  const box = bytes.subarray(4, 8).toString("latin1");
  switch (mediaType) {
    case "video/mp4":
      return box === "ftyp";
    case "video/quicktime":
      return ["ftyp", "moov", "mdat", "wide", "free"].includes(box);
    case "video/webm":
      return bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3;
    case "video/mp2t":
      return bytes[0] === 0x47 && (bytes.length <= 188 || bytes[188] === 0x47);
    default:
      return false;
  }
}
