// The pages of the generated site in SITE_DIR, as URL paths of the server site.config.js starts.
const fs = require('fs');
const path = require('path');

const root = path.resolve(process.env.SITE_DIR || '.');

function htmlFiles(dir = root) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

const urlOf = (file) => '/' + path.relative(root, file).split(path.sep).join('/');

// The first page found under a folder of the contract (incidents/<id>/index.html, ...), or null.
function firstUnder(folder) {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return null;
  const ids = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
  return ids.length ? `/${folder}/${ids[0]}/index.html` : null;
}

module.exports = { root, htmlFiles, urlOf, firstUnder };
