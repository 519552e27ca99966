import { useEffect, useState } from 'react';

/**
 * Files can be dropped anywhere on the window. Returns whether files are being dragged over it (for the
 * overlay). dragenter/dragleave fire for every child element, hence the depth count.
 */
export function useWindowDrop(onDrop: (dt: DataTransfer) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const withFiles = (e: DragEvent) => (e.dataTransfer?.types.includes('Files') ? e.dataTransfer : null);
    const enter = (e: DragEvent) => {
      if (!withFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      const dt = withFiles(e);
      if (!dt) return;
      e.preventDefault(); // allows the drop (and stops the browser from opening the file)
      dt.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!withFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      const dt = withFiles(e);
      if (!dt) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      onDrop(dt);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);
  return dragging;
}
