#!/bin/sh
# Sets up the example Laravel app on Debian (bookworm): installs PHP 8.2 and Debian's Laravel 8
# when they are missing (no Composer needed), creates the SQLite database and runs the app's
# migrations. Safe to run again: it installs nothing present and migrates only what is new.
#
#   examples/laravel/setup.sh                                   # SQLite: database/database.sqlite
#   DB_URL=mysql://root@127.0.0.1:3306/test examples/laravel/setup.sh   # or MariaDB, PostgreSQL
set -eu
cd "$(dirname "$0")"

missing=""
for pkg in php-cli php-sqlite3 php-mysql php-pgsql php-laravel-framework; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing:$missing"
  $sudo apt-get update -q
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

mkdir -p storage/logs storage/framework/cache/data bootstrap/cache
url="${DB_URL:-sqlite:database/database.sqlite}"
case "$url" in
  sqlite:*)
    path="${url#sqlite:}"
    path="${path#//}"
    case "$path" in /*) ;; *) path="$PWD/$path" ;; esac
    [ -f "$path" ] || { mkdir -p "$(dirname "$path")"; : > "$path"; echo "created $path"; }
    ;;
esac
DB_URL="$url" php artisan migrate --force
php artisan crew:about
