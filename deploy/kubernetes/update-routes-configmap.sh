#!/usr/bin/env bash
# Writes routes-configmap.yaml from the route files in routes/ (DeployAssetsTest keeps the two equal).
set -euo pipefail
cd "$(dirname "$0")/../.."
{
  echo "# The route files, mounted on /app/routes. Generated from routes/ by"
  echo "# deploy/kubernetes/update-routes-configmap.sh (a test keeps them equal)."
  echo "apiVersion: v1"
  echo "kind: ConfigMap"
  echo "metadata:"
  echo "  name: sms-gateway-routes"
  echo "data:"
  for file in routes/*.camel.yaml; do
    echo "  $(basename "$file"): |"
    sed -e 's/^/    /' -e 's/^ *$//' "$file"
  done
} > deploy/kubernetes/routes-configmap.yaml
