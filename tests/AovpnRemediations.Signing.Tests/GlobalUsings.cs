global using System.Security.Cryptography.Pkcs;
global using System.Text.RegularExpressions;
global using AovpnRemediations.TestSupport.Signing;
