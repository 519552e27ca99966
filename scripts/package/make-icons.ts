/**
 * `npm run icons`: build/icon.png (1024 × 1024) from build/icon.svg. electron-builder derives the Linux
 * icon sizes, the Windows .ico and the macOS .icns from it at packaging time. The PNG is committed (small)
 * so packaging needs no extra step; run this again after editing the SVG.
 */
import path from 'node:path';
import sharp from 'sharp';
import { repoRoot } from '../lib/paths.js';

const dir = path.join(repoRoot, 'build');
const info = await sharp(path.join(dir, 'icon.svg'), { density: 144 }).resize(1024, 1024).png({ compressionLevel: 9 }).toFile(path.join(dir, 'icon.png'));
console.log(`build/icon.png: ${info.width} × ${info.height}, ${Math.round(info.size / 1024)} KB`);
