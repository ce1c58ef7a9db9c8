# expect: CmdletParameter 5:52 CmdletParameter 6:25 CmdletParameter 7:21 CmdletParameter 8:28 CmdletParameter 10:9 CmdletParameter 14:30 CmdletParameter 15:27 CmdletParameter 16:24
Set-StrictMode -Version 2.0

function Invoke-AovpnMain {
    $joined = Join-Path -Path 'C:\' -ChildPath 'a' -AdditionalChildPath 'b'
    $exists = Test-Path -Lit 'C:\a'
    $now = Get-Date -AsUTC
    $service = Get-Service -Nam 'IAS'
    $arguments = @{
        Pathh     = 'C:\'
        ChildPath = 'a'
    }
    $joinedAgain = Join-Path @arguments
    $vpn = Get-VpnConnection -AllUser
    $log = Write-AovpnLog -Mesage 'x'
    $text = Out-String -InputObject 1
    return [pscustomobject]@{ ExitCode = 0; Line = '{"schema":1,"status":"ok"}' }
}

function Write-AovpnLog {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][Alias('Text')][string]$Message)
    Write-Verbose -Message $Message
}

if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }
