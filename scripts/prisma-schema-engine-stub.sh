#!/bin/sh
echo "sohoa: Prisma's native schema engine is not installed (it would be downloaded from the internet)." >&2
echo "Apply migrations with 'npm run db:deploy'; see README.md, section Database." >&2
exit 1
