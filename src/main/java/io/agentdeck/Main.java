package io.agentdeck;
public class Main { public static void main(String[] a) {} }
