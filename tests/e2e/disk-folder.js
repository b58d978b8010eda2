// A folder on disk given to a page as a File System Access directory handle: the page's
// `showDirectoryPicker()` answers with an object of the browser's interface (getDirectoryHandle,
// getFileHandle, values, removeEntry; getFile, createWritable) whose files live in a real folder,
// through a function the test exposes to the page. Like Chromium, a writable stream writes into
// `<name>.crswap` and renames it into place on close. Each browser context is one device.
const fs = require('fs');
const path = require('path');

async function giveFolder(context, root) {
  fs.mkdirSync(root, { recursive: true });
  const at = (rel) => {
    const p = path.resolve(root, rel || '.');
    if (p !== root && !p.startsWith(root + path.sep)) throw new Error(`outside the folder: ${rel}`);
    return p;
  };
  await context.exposeFunction('__diskFolder', (op, rel, data) => {
    const p = at(rel);
    switch (op) {
      case 'kind':
        if (!fs.existsSync(p)) return null;
        return fs.statSync(p).isDirectory() ? 'directory' : 'file';
      case 'mkdir':
        fs.mkdirSync(p, { recursive: true });
        return null;
      case 'touch':
        if (!fs.existsSync(p)) fs.writeFileSync(p, '');
        return null;
      case 'list':
        return fs.readdirSync(p, { withFileTypes: true }).map((e) => ({ name: e.name, kind: e.isDirectory() ? 'directory' : 'file' }));
      case 'read': {
        if (!fs.existsSync(p)) return null;
        return { data: fs.readFileSync(p).toString('base64'), modified: fs.statSync(p).mtimeMs };
      }
      case 'write': {
        const swap = `${p}.crswap`;
        fs.writeFileSync(swap, Buffer.from(data, 'base64'));
        fs.renameSync(swap, p);
        return null;
      }
      case 'remove':
        fs.rmSync(p, { recursive: true, force: true });
        return null;
      default:
        throw new Error(`unknown operation ${op}`);
    }
  });
  await context.addInitScript(() => {
    const op = (...a) => window.__diskFolder(...a);
    const join = (dir, name) => (dir ? `${dir}/${name}` : name);
    const notFound = (what) => new DOMException(`${what} not found`, 'NotFoundError');
    const toBase64 = (bytes) => {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    class DiskFile {
      constructor(rel, name) { this.kind = 'file'; this.name = name; this.rel = rel; }
      async getFile() {
        const r = await op('read', this.rel);
        if (!r) throw notFound(this.rel);
        const bytes = Uint8Array.from(atob(r.data), (c) => c.charCodeAt(0));
        return new File([bytes], this.name, { lastModified: Math.floor(r.modified) });
      }
      async createWritable() {
        const chunks = [];
        const rel = this.rel;
        return {
          async write(d) {
            if (typeof d === 'string') chunks.push(new TextEncoder().encode(d));
            else if (d instanceof Blob) chunks.push(new Uint8Array(await d.arrayBuffer()));
            else chunks.push(new Uint8Array(d.buffer ? d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength) : d));
          },
          async close() { await op('write', rel, toBase64(new Uint8Array(await new Blob(chunks).arrayBuffer()))); },
        };
      }
      async queryPermission() { return 'granted'; }
      async requestPermission() { return 'granted'; }
    }
    class DiskFolder {
      constructor(rel, name) { this.kind = 'directory'; this.name = name; this.rel = rel; }
      async getDirectoryHandle(name, opts = {}) {
        const rel = join(this.rel, name);
        const kind = await op('kind', rel);
        if (kind === 'file') throw new DOMException(`${rel} is a file`, 'TypeMismatchError');
        if (!kind) { if (!opts.create) throw notFound(rel); await op('mkdir', rel); }
        return new DiskFolder(rel, name);
      }
      async getFileHandle(name, opts = {}) {
        const rel = join(this.rel, name);
        const kind = await op('kind', rel);
        if (kind === 'directory') throw new DOMException(`${rel} is a folder`, 'TypeMismatchError');
        if (!kind) { if (!opts.create) throw notFound(rel); await op('touch', rel); }
        return new DiskFile(rel, name);
      }
      async removeEntry(name) { await op('remove', join(this.rel, name)); }
      values() {
        let items = null;
        let i = 0;
        const self = this;
        return {
          async next() {
            if (!items) items = await op('list', self.rel);
            if (i >= items.length) return { done: true, value: undefined };
            const e = items[i++];
            const rel = join(self.rel, e.name);
            return { done: false, value: e.kind === 'directory' ? new DiskFolder(rel, e.name) : new DiskFile(rel, e.name) };
          },
          [Symbol.asyncIterator]() { return this; },
        };
      }
      async queryPermission() { return 'granted'; }
      async requestPermission() { return 'granted'; }
    }
    window.showDirectoryPicker = async () => new DiskFolder('', 'shared');
  });
}

module.exports = { giveFolder };
