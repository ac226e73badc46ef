#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Restores, builds, tests and packages ElbLogProcessor into a versioned Lambda zip.

.DESCRIPTION
    Steps: restore, build, test (the README's test command), publish for the function's
    architecture (NativeAOT: one executable named bootstrap, for the provided.al2023 runtime),
    zip into artifacts/ElbLogProcessor-<version>-<hash>-<rid>.zip. The version is
    SemVer: the VersionPrefix of Directory.Build.props (major.minor) with the build number as patch.
    The hash (12 hex digits of a SHA-256 over the published files' names and bytes) changes with
    the code, so a stack update with the new CodeKey always replaces the function's code.
    Any failing step stops the script with a message naming it.

    Run it here with the repository's tool manifest:
        dotnet tool restore
        dotnet pwsh ./build.ps1 [-SkipTests] [-Deploy] [-BuildNumber 42] [-Architecture arm64|x86_64]

.PARAMETER Deploy
    After packaging, deploys the zip with 'dotnet lambda deploy-function' and
    aws-lambda-tools-defaults.json (needs the Amazon.Lambda.Tools global tool and AWS credentials).
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Release',
    [string] $BuildNumber = $(if ($env:BUILD_NUMBER) { $env:BUILD_NUMBER } else { '0' }),
    [ValidateSet('arm64', 'x86_64')]
    [string] $Architecture = 'arm64',
    [string] $ArtifactsDirectory = (Join-Path $PSScriptRoot 'artifacts'),
    [switch] $SkipTests,
    [switch] $Deploy
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot

function Invoke-Step([string] $Name, [scriptblock] $Command) {
    Write-Host "==> $Name"
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "build.ps1: step '$Name' failed with exit code $LASTEXITCODE" }
}

if ($BuildNumber -notmatch '^\d+$') { throw "build.ps1: -BuildNumber must be a whole number, not '$BuildNumber'" }
$prefix = ([xml](Get-Content (Join-Path $PSScriptRoot 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix
if (-not $prefix -or $prefix -notmatch '^\d+\.\d+$') { throw 'build.ps1: Directory.Build.props needs a VersionPrefix of the form major.minor' }
$version = "$prefix.$BuildNumber"
$rid = if ($Architecture -eq 'arm64') { 'linux-arm64' } else { 'linux-x64' }
Write-Host "ElbLogProcessor $version for $rid ($Configuration)"

# Locked mode: the packages are exactly those of the lock files (packages.lock.json; packages.aot.<rid>.lock.json for
# the NativeAOT publish), or the step fails.
Invoke-Step 'restore' { dotnet restore ElbLogProcessor.sln --locked-mode }
Invoke-Step 'build' { dotnet build ElbLogProcessor.sln --configuration $Configuration --no-restore "-p:Version=$version" }
if (-not $SkipTests) {
    Invoke-Step 'test' { dotnet test ElbLogProcessor.sln --configuration $Configuration --no-build }
}

$publish = Join-Path $ArtifactsDirectory "publish-$rid"
if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
# NativeAOT (docs/performance.md: measured start-up, CPU and memory): one executable, 'bootstrap', for the
# provided.al2023 runtime; no .NET install, no JIT, no debug symbols. Native code for another architecture
# than this machine's is linked with clang and lld against that architecture's C libraries.
$hostRid = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'linux-arm64' } else { 'linux-x64' }
$cross = @()
if ($rid -ne $hostRid) {
    $missing = @('clang', 'ld.lld', 'llvm-objcopy') | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) }
    $sysroot = if ($rid -eq 'linux-arm64') { '/usr/aarch64-linux-gnu' } else { '/usr/x86_64-linux-gnu' }
    if (-not (Test-Path (Join-Path $sysroot 'lib/crt1.o'))) { $missing += "$sysroot (the $rid C libraries)" }
    if ($missing) {
        throw "build.ps1: NativeAOT for $rid on this $hostRid machine needs $($missing -join ', '): on Debian, bash .ci/cross-toolchain installs them (or run on a $rid machine)"
    }
    $cross = @('-p:LinkerFlavor=lld', '-p:ObjCopyName=llvm-objcopy')
}
Invoke-Step 'publish' {
    dotnet publish src/ElbLogProcessor/ElbLogProcessor.csproj --configuration $Configuration --runtime $rid `
        --output $publish "-p:Version=$version" -p:PublishAot=true -p:RestoreLockedMode=true -p:DebugType=None -p:CopyOutputSymbolsToPublishDirectory=false @cross
}
if (-not (Test-Path (Join-Path $publish 'bootstrap'))) { throw "build.ps1: step 'publish' made no $publish/bootstrap" }

# A hash of what was published (names and bytes, in ordinal order): the package's name changes with the code.
function Get-ContentHash([string] $Directory) {
    $files = [string[]](Get-ChildItem $Directory -Recurse -File | ForEach-Object { [System.IO.Path]::GetRelativePath($Directory, $_.FullName).Replace('\', '/') })
    [Array]::Sort($files, [StringComparer]::Ordinal)
    $sha = [System.Security.Cryptography.IncrementalHash]::CreateHash([System.Security.Cryptography.HashAlgorithmName]::SHA256)
    foreach ($file in $files) {
        $sha.AppendData([System.Text.Encoding]::UTF8.GetBytes("$file`n"))
        $sha.AppendData([System.IO.File]::ReadAllBytes((Join-Path $Directory $file)))
    }
    return [System.Convert]::ToHexString($sha.GetHashAndReset()).Substring(0, 12).ToLowerInvariant()
}

$hash = Get-ContentHash $publish
$zip = Join-Path $ArtifactsDirectory "ElbLogProcessor-$version-$hash-$rid.zip"
Write-Host "==> package $zip"
if (Test-Path $zip) { Remove-Item $zip -Force }
# ZipFile keeps each file's Unix mode in the zip (Compress-Archive does not): Lambda must find bootstrap executable.
Add-Type -AssemblyName System.IO.Compression.FileSystem
[System.IO.Compression.ZipFile]::CreateFromDirectory($publish, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $false)
if (-not (Test-Path $zip)) { throw "build.ps1: step 'package' made no $zip" }
Write-Host "packaged $zip ($([math]::Round((Get-Item $zip).Length / 1MB, 1)) MB)"

if ($Deploy) {
    Invoke-Step 'deploy' {
        # An absolute config path: the tool resolves it against the project location, and a file it cannot find is silently ignored.
        dotnet lambda deploy-function --config-file (Join-Path $PSScriptRoot 'aws-lambda-tools-defaults.json') --package $zip `
            --function-architecture $Architecture --disable-interactive true
    }
}
