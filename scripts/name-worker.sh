#!/bin/sh
# trunk's post_build hook (Trunk.toml): names the site worker's files after their content, as
# trunk names the app's own, and names them in the page. trunk gives a worker fixed names
# (site-worker.js, site-worker_bg.wasm); with those, the service worker (public/sw.js), which
# keeps the files the page names and serves them cache-first, would go on serving last
# version's worker beside this version's app. The page then names the loader (the app starts
# it on first use) and the two files it loads (so they are kept for offline use). A loader that
# cannot start the module throws, so the page hears of it (a Worker "error" event).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
js="$dir/site-worker.js"
wasm="$dir/site-worker_bg.wasm"
if [ ! -f "$js" ] || [ ! -f "$wasm" ]; then
  echo "name-worker.sh: trunk built no site worker into $dir" >&2
  exit 1
fi
name="site-worker-$(cat "$js" "$wasm" | sha256sum | cut -c1-16)"
mv "$js" "$dir/$name.js"
mv "$wasm" "$dir/${name}_bg.wasm"
printf 'importScripts("./%s.js");wasm_bindgen({module_or_path:"./%s_bg.wasm"}).catch(function(e){setTimeout(function(){throw e;});});\n' "$name" "$name" > "$dir/$name-loader.js"
meta="<meta name=\"cygni-site-worker\" content=\"./$name-loader.js\" data-js=\"./$name.js\" data-wasm=\"./${name}_bg.wasm\">"
grep -q '</head>' "$dir/index.html" || { echo "name-worker.sh: no </head> in $dir/index.html" >&2; exit 1; }
sed -i "s|</head>|$meta</head>|" "$dir/index.html"
